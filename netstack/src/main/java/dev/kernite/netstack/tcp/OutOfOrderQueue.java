package dev.kernite.netstack.tcp;

import java.util.Map;
import java.util.TreeMap;

/**
 * Segments that arrived ahead of RCV.NXT, keyed by their offset in the byte stream (a long, so no wrap-around),
 * held until the gap before them is filled. Only data inside the receive window is ever queued, so the bytes held
 * never exceed the free receive buffer; the number of segments is bounded too.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
final class OutOfOrderQueue {
    private final TreeMap<Long, byte[]> segments = new TreeMap<>();
    private final int maxSegments;

    OutOfOrderQueue(int maxSegments) { this.maxSegments = maxSegments; }

    /** Queues a copy of {@code len} bytes at stream offset {@code offset}; false when the queue is full. */
    boolean insert(long offset, byte[] b, int off, int len) {
        byte[] have = segments.get(offset);
        if (have != null && have.length >= len) return true;
        if (have == null && segments.size() >= maxSegments) return false;
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        segments.put(offset, copy);
        return true;
    }

    /**
     * Moves every queued byte that now continues the stream at {@code next} into {@code sink}; returns the new
     * end of the in-order stream. Stale and overlapping segments are trimmed.
     */
    long drain(long next, ByteRing sink) {
        while (!segments.isEmpty() && segments.firstKey() <= next) {
            Map.Entry<Long, byte[]> e = segments.pollFirstEntry();
            long end = e.getKey() + e.getValue().length;
            if (end <= next) continue;
            int skip = (int) (next - e.getKey());
            next += sink.write(e.getValue(), skip, e.getValue().length - skip);
        }
        return next;
    }

    int size() { return segments.size(); }

    void clear() { segments.clear(); }
}
