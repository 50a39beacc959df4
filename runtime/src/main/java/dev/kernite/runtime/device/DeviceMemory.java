package dev.kernite.runtime.device;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian access to memory a driver shares with its device: the register page and the rings. The memory
 * ordering of each access is in the method's name, so it is visible at every call site. Plain accesses tolerate
 * any alignment; ordered ones need natural alignment, which the callers' constructors check.
 *
 * <p>Thread safety: stateless.
 */
final class DeviceMemory {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_VH = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle INT_VH = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private DeviceMemory() {}

    /** Plain reads: for fields an acquire (of the device's index or the ack) has ordered. */
    static int readU16(MemorySegment s, long offset) { return Short.toUnsignedInt(s.get(U16, offset)); }

    static int readI32(MemorySegment s, long offset) { return s.get(U32, offset); }

    static long readU64(MemorySegment s, long offset) { return s.get(U64, offset); }

    /** Plain writes: for descriptors, ring entries and set-up words, which a later release publishes. */
    static void writeU16(MemorySegment s, long offset, int v) { s.set(U16, offset, (short) v); }

    static void writeI32(MemorySegment s, long offset, int v) { s.set(U32, offset, v); }

    static void writeU64(MemorySegment s, long offset, long v) { s.set(U64, offset, v); }

    static int u16Acquire(MemorySegment s, long offset) { return Short.toUnsignedInt((short) SHORT_VH.getAcquire(s, offset)); }

    static void u16Release(MemorySegment s, long offset, int v) { SHORT_VH.setRelease(s, offset, (short) v); }

    static int i32Acquire(MemorySegment s, long offset) { return (int) INT_VH.getAcquire(s, offset); }

    static int i32Volatile(MemorySegment s, long offset) { return (int) INT_VH.getVolatile(s, offset); }

    /** Atomic add, with volatile (full-fence) semantics; returns the new value. */
    static int i32AddVolatile(MemorySegment s, long offset, int delta) { return (int) INT_VH.getAndAdd(s, offset, delta) + delta; }

    static int i32TakeVolatile(MemorySegment s, long offset) { return (int) INT_VH.getAndSet(s, offset, 0); }
}
