package dev.kernite.runtime;

import dev.kernite.abi.NotificationLayout;
import dev.kernite.abi.Status;
import dev.kernite.sys.Futex;
import dev.kernite.sys.Mapping;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A notification: a word of bits that any holder can {@link #signal} and a waiter can {@link #await}. The kernel
 * uses them for death notices; services use them for events that carry no data. Signalling makes a system call
 * only when a waiter sleeps.
 *
 * <p>Thread safety: thread-safe.
 */
public final class Notification implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long SLICE_NANOS = 20_000_000;

    private final Env env;
    private final int handle;
    private final Mapping mapping;
    private final MemorySegment seg;

    Notification(Env env, int handle, Mapping mapping) {
        this.env = env;
        this.handle = handle;
        this.mapping = mapping;
        this.seg = mapping.segment();
    }

    public int handle() { return handle; }

    /** Sets {@code bits}; wakes a sleeping waiter. */
    public void signal(int bits) {
        INT.getAndBitwiseOr(seg, NotificationLayout.BITS_OFFSET, bits);
        VarHandle.fullFence();
        if ((int) INT.getVolatile(seg, NotificationLayout.WAITERS_OFFSET) != 0) {
            Futex.wake(seg, NotificationLayout.BITS_OFFSET, Integer.MAX_VALUE);
        }
    }

    /** Takes and clears the pending bits without waiting (0 when none). */
    public int poll() {
        return (int) INT.getAndSet(seg, NotificationLayout.BITS_OFFSET, 0);
    }

    /** Waits for bits, takes and clears them; TIMED_OUT or INTERRUPTED in the status otherwise. */
    public Result<Integer> await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int bits = poll();
            if (bits != 0) return Result.ok(bits);
            long left = deadline - System.nanoTime();
            if (left <= 0) return Result.error(Status.TIMED_OUT);
            if (Thread.currentThread().isInterrupted()) return Result.error(Status.INTERRUPTED);
            INT.getAndAdd(seg, NotificationLayout.WAITERS_OFFSET, 1);
            try {
                VarHandle.fullFence();
                if ((int) INT.getVolatile(seg, NotificationLayout.BITS_OFFSET) == 0) {
                    Futex.wait(seg, NotificationLayout.BITS_OFFSET, 0, Math.min(left, SLICE_NANOS));
                }
            } finally {
                INT.getAndAdd(seg, NotificationLayout.WAITERS_OFFSET, -1);
            }
        }
    }

    /** Drops the capability and unmaps the word. */
    @Override
    public void close() {
        env.closeHandle(handle);
        mapping.close();
    }
}
