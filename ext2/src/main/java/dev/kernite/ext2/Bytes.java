package dev.kernite.ext2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian unsigned fields in byte arrays (ext2 is little-endian on disk). Thread safety: stateless. */
final class Bytes {
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {}

    static int u8(byte[] b, int off) { return b[off] & 0xFF; }

    static int u16(byte[] b, int off) { return (short) U16.get(b, off) & 0xFFFF; }

    static long u32(byte[] b, int off) { return (int) U32.get(b, off) & 0xFFFFFFFFL; }

    static void put8(byte[] b, int off, int v) { b[off] = (byte) v; }

    static void put16(byte[] b, int off, int v) { U16.set(b, off, (short) v); }

    static void put32(byte[] b, int off, long v) { U32.set(b, off, (int) v); }

    static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }
}
