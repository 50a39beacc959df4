package dev.kernite.machine.virtio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian access to memory the driver shares with the device: the register page and the rings. Every
 * shared access goes through here, so the memory ordering of each one is visible at the call site in the
 * method's name. Plain accesses tolerate any alignment; ordered ones need the natural alignment, which the
 * device checks when it takes a queue into use (the register page is page-aligned).
 *
 * <p>Thread safety: stateless.
 */
final class DriverMemory {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_VH = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle INT_VH = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private DriverMemory() {}

    /** A plain u16 read: only for ring entries and descriptors, which an acquire of the driver's index orders. */
    static int u16(MemorySegment s, long offset) { return Short.toUnsignedInt(s.get(U16, offset)); }

    static long u32(MemorySegment s, long offset) { return Integer.toUnsignedLong(s.get(U32, offset)); }

    static int i32(MemorySegment s, long offset) { return s.get(U32, offset); }

    static long u64(MemorySegment s, long offset) { return s.get(U64, offset); }

    /** A plain write: only for used entries and set-up words, which a later release publishes. */
    static void setI32(MemorySegment s, long offset, int v) { s.set(U32, offset, v); }

    static void setU64(MemorySegment s, long offset, long v) { s.set(U64, offset, v); }

    static int u16Acquire(MemorySegment s, long offset) { return Short.toUnsignedInt((short) SHORT_VH.getAcquire(s, offset)); }

    static void setU16Release(MemorySegment s, long offset, int v) { SHORT_VH.setRelease(s, offset, (short) v); }

    static int i32Acquire(MemorySegment s, long offset) { return (int) INT_VH.getAcquire(s, offset); }

    static int i32Volatile(MemorySegment s, long offset) { return (int) INT_VH.getVolatile(s, offset); }

    static void setI32Release(MemorySegment s, long offset, int v) { INT_VH.setRelease(s, offset, v); }

    static void setI32Volatile(MemorySegment s, long offset, int v) { INT_VH.setVolatile(s, offset, v); }

    static void addI32(MemorySegment s, long offset, int delta) { INT_VH.getAndAdd(s, offset, delta); }

    static void orI32(MemorySegment s, long offset, int bits) { INT_VH.getAndBitwiseOr(s, offset, bits); }
}
