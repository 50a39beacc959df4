package dev.kernite.runtime.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Access to words of a channel or doorbell segment, which another process writes too. Every ring access goes
 * through here, so the memory ordering of each access is visible at the call site in the method's name.
 * Offsets are aligned by construction (the layouts put every word on its natural boundary).
 *
 * <p>Thread safety: stateless.
 */
final class Shm {
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_VH = INT.varHandle();
    private static final VarHandle LONG_VH = LONG.varHandle();

    private Shm() {}

    /** A plain read: only for slot fields, which an acquire of the producer's count orders. */
    static int getInt(MemorySegment s, long offset) { return s.get(INT, offset); }

    /** A plain write: only for slot fields, which the release of our count publishes. */
    static void setInt(MemorySegment s, long offset, int v) { s.set(INT, offset, v); }

    static int getIntVolatile(MemorySegment s, long offset) { return (int) INT_VH.getVolatile(s, offset); }

    static int getIntAcquire(MemorySegment s, long offset) { return (int) INT_VH.getAcquire(s, offset); }

    static void setIntRelease(MemorySegment s, long offset, int v) { INT_VH.setRelease(s, offset, v); }

    static boolean compareAndSetInt(MemorySegment s, long offset, int expected, int v) {
        return INT_VH.compareAndSet(s, offset, expected, v);
    }

    static int getAndAddInt(MemorySegment s, long offset, int delta) { return (int) INT_VH.getAndAdd(s, offset, delta); }

    static long getLongAcquire(MemorySegment s, long offset) { return (long) LONG_VH.getAcquire(s, offset); }

    static long getLongVolatile(MemorySegment s, long offset) { return (long) LONG_VH.getVolatile(s, offset); }

    static void setLongRelease(MemorySegment s, long offset, long v) { LONG_VH.setRelease(s, offset, v); }
}
