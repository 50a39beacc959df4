package dev.kernite.machine.virtio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of buffers read as one byte stream (scatter-gather), as a request's readable or writable buffers are.
 *
 * <p>Thread safety: stateless.
 */
public final class Segments {
    private Segments() {}

    public static long total(List<MemorySegment> segments) {
        long n = 0;
        for (MemorySegment s : segments) n += s.byteSize();
        return n;
    }

    /** The stream without its first {@code bytes} bytes. */
    public static List<MemorySegment> skip(List<MemorySegment> segments, long bytes) {
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
    public static void copyOut(List<MemorySegment> segments, byte[] into) {
        int done = 0;
        for (MemorySegment s : segments) {
            if (done == into.length) break;
            int n = (int) Math.min(s.byteSize(), into.length - done);
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, into, done, n);
            done += n;
        }
    }

    /** Copies {@code from} into the stream at {@code at} (the caller checked it fits); returns the bytes copied. */
    public static long copyIn(MemorySegment from, List<MemorySegment> segments, long at) {
        long done = 0, skip = at;
        for (MemorySegment s : segments) {
            if (done == from.byteSize()) break;
            if (skip >= s.byteSize()) {
                skip -= s.byteSize();
                continue;
            }
            long n = Math.min(s.byteSize() - skip, from.byteSize() - done);
            MemorySegment.copy(from, done, s, skip, n);
            done += n;
            skip = 0;
        }
        return done;
    }

    /** Copies the stream's bytes from {@code at} into {@code into} (the caller checked there are enough). */
    public static void copyOut(List<MemorySegment> segments, long at, MemorySegment into) {
        long done = 0, skip = at;
        for (MemorySegment s : segments) {
            if (done == into.byteSize()) break;
            if (skip >= s.byteSize()) {
                skip -= s.byteSize();
                continue;
            }
            long n = Math.min(s.byteSize() - skip, into.byteSize() - done);
            MemorySegment.copy(s, skip, into, done, n);
            done += n;
            skip = 0;
        }
    }

    /** Writes as much of {@code from} as the stream holds; returns the bytes written. */
    public static int copyIn(byte[] from, List<MemorySegment> segments) {
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
