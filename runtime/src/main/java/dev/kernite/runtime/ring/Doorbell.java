package dev.kernite.runtime.ring;

import dev.kernite.abi.DoorbellLayout;
import dev.kernite.sys.Futex;

import java.lang.foreign.MemorySegment;

/**
 * An endpoint's doorbell ({@link DoorbellLayout}): a sequence word a sleeping server waits on and clients bump.
 * Every client can write the page, so nothing here is trusted: a bogus value only causes a spurious wake-up.
 *
 * <p>Thread safety: stateless; every operation is atomic on the shared word.
 */
final class Doorbell {
    private Doorbell() {}

    /** True if {@code seg} is large and aligned enough to be a doorbell (its contents are not checked). */
    static boolean fits(MemorySegment seg) {
        return seg.isNative() && seg.address() % Long.BYTES == 0 && seg.byteSize() >= DoorbellLayout.SIZE;
    }

    /** The current sequence, the value a server sleeps on. */
    static int seq(MemorySegment doorbell) {
        return Shm.getIntVolatile(doorbell, DoorbellLayout.SEQ_OFFSET);
    }

    /** Moves the sequence and wakes the sleeping server, if any. One syscall. */
    static void ring(MemorySegment doorbell) {
        Shm.getAndAddInt(doorbell, DoorbellLayout.SEQ_OFFSET, 1);
        Futex.wake(doorbell, DoorbellLayout.SEQ_OFFSET, Integer.MAX_VALUE);
    }
}
