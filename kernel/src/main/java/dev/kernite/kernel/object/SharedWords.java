package dev.kernite.kernel.object;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Atomic access to words in shared memory that processes also write. Every kernel access to such a word goes
 * through here, so its memory ordering is visible at the call site's method name.
 *
 * <p>Thread safety: stateless.
 */
final class SharedWords {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private SharedWords() {}

    static int getIntAcquire(MemorySegment s, long offset) { return (int) INT.getAcquire(s, offset); }

    static long getLongAcquire(MemorySegment s, long offset) { return (long) LONG.getAcquire(s, offset); }

    static void setIntRelease(MemorySegment s, long offset, int v) { INT.setRelease(s, offset, v); }

    static boolean compareAndSetInt(MemorySegment s, long offset, int expected, int v) {
        return INT.compareAndSet(s, offset, expected, v);
    }

    static int getAndAddInt(MemorySegment s, long offset, int delta) { return (int) INT.getAndAdd(s, offset, delta); }

    static int getAndOrInt(MemorySegment s, long offset, int bits) { return (int) INT.getAndBitwiseOr(s, offset, bits); }
}
