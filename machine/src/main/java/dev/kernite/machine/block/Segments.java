package dev.kernite.machine.block;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of buffers read as one byte stream (scatter-gather), as a request's readable or writable buffers are.
 *
 * <p>Thread safety: stateless.
 */
final class Segments {
    private Segments() {}

    static long total(List<MemorySegment> segments) {
        long n = 0;
        for (MemorySegment s : segments) n += s.byteSize();
        return n;
    }

    /** The stream without its first {@code bytes} bytes. */
    static List<MemorySegment> skip(List<MemorySegment> segments, long bytes) {
        List<MemorySegment> out = new ArrayList<>();
        long left = bytes;
        for (MemorySegment s : segments) {
            if (left >= s.byteSize()) {
                left -= s.byteSize();
            } else {
                out.add(s.asSlice(left));
                left = 0;
            }
        }
        return out;
    }

    /** Copies the stream's first {@code into.length} bytes (the caller checked there are that many). */
    static void copyOut(List<MemorySegment> segments, byte[] into) {
        int done = 0;
        for (MemorySegment s : segments) {
            if (done == into.length) break;
            int n = (int) Math.min(s.byteSize(), into.length - done);
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, into, done, n);
            done += n;
        }
    }

    /** Writes as much of {@code from} as the stream holds; returns the bytes written. */
    static int copyIn(byte[] from, List<MemorySegment> segments) {
        int done = 0;
        for (MemorySegment s : segments) {
            if (done == from.length) break;
            int n = (int) Math.min(s.byteSize(), from.length - done);
            MemorySegment.copy(from, done, s, ValueLayout.JAVA_BYTE, 0, n);
            done += n;
        }
        return done;
    }
}
