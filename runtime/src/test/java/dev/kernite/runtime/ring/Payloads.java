package dev.kernite.runtime.ring;

import dev.kernite.runtime.Message;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Test messages whose label, length and every payload byte follow from a sequence number. */
final class Payloads {
    private Payloads() {}

    /** Mostly short lengths, every 16th anywhere up to {@code max}. */
    static int lengthFor(long seq, int max) {
        int r = (int) ((seq * 0x9E3779B97F4A7C15L) >>> 40);
        return seq % 16 == 0 ? r % (max + 1) : r % Math.min(129, max + 1);
    }

    static byte byteAt(long seq, int i) {
        return (byte) (seq * 31 + i * 7 + (i >>> 8));
    }

    /** Fills {@code m} for {@code seq}: label = seq, length = lengthFor(seq), bytes = byteAt(seq, i). */
    static void fill(Message m, long seq, int max) {
        int length = lengthFor(seq, max);
        MemorySegment b = m.buffer();
        for (int i = 0; i < length; i++) b.set(ValueLayout.JAVA_BYTE, i, byteAt(seq, i));
        m.setLabel((int) seq).setLength(length);
    }

    /** Null if {@code m} is exactly what {@link #fill} made for {@code seq}, else what is wrong. */
    static String check(Message m, long seq, int max) {
        if (m.label() != (int) seq) return "label " + m.label() + " != seq " + seq;
        if (m.length() != lengthFor(seq, max)) return "length " + m.length() + " != " + lengthFor(seq, max) + " at " + seq;
        MemorySegment b = m.buffer();
        for (int i = 0; i < m.length(); i++) {
            if (b.get(ValueLayout.JAVA_BYTE, i) != byteAt(seq, i)) return "byte " + i + " wrong at seq " + seq;
        }
        return null;
    }
}
