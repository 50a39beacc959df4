package dev.kernite.netstack.tcp;

/**
 * A circular byte buffer holding up to {@code capacity} bytes; its array starts small and doubles as it fills, so
 * a connection that moves little data holds little memory. Used for a connection's send and receive buffers.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
final class ByteRing {
    private static final int INITIAL = 4096;
    private final int capacity;
    private byte[] buf = new byte[0];
    private int head;
    private int size;

    ByteRing(int capacity) { this.capacity = capacity; }

    int size() { return size; }

    int free() { return capacity - size; }

    int capacity() { return capacity; }

    /** Appends as much of {@code src[off, off+len)} as fits; returns how much. */
    int write(byte[] src, int off, int len) {
        int n = Math.min(len, free());
        ensure(size + n);
        int tail = (head + size) % Math.max(1, buf.length);
        int first = Math.min(n, buf.length - tail);
        System.arraycopy(src, off, buf, tail, first);
        System.arraycopy(src, off + first, buf, 0, n - first);
        size += n;
        return n;
    }

    /** Copies {@code len} bytes starting {@code offset} bytes after the head, without consuming them. */
    void peek(int offset, byte[] dst, int dstOff, int len) {
        if (offset < 0 || len < 0 || offset + len > size) throw new IndexOutOfBoundsException("peek " + offset + "+" + len + " of " + size);
        int start = (head + offset) % buf.length;
        int first = Math.min(len, buf.length - start);
        System.arraycopy(buf, start, dst, dstOff, first);
        System.arraycopy(buf, 0, dst, dstOff + first, len - first);
    }

    /** Removes and copies up to {@code len} bytes; returns how many. */
    int read(byte[] dst, int off, int len) {
        int n = Math.min(len, size);
        if (n > 0) peek(0, dst, off, n);
        skip(n);
        return n;
    }

    void skip(int n) {
        if (n < 0 || n > size) throw new IndexOutOfBoundsException("skip " + n + " of " + size);
        if (n == 0) return;
        head = (head + n) % buf.length;
        size -= n;
        if (size == 0) head = 0;
    }

    private void ensure(int needed) {
        if (needed <= buf.length) return;
        int newLength = Math.max(INITIAL, buf.length);
        while (newLength < needed) newLength *= 2;
        newLength = Math.min(Math.max(newLength, needed), Math.max(capacity, needed));
        byte[] grown = new byte[newLength];
        if (size > 0) peek(0, grown, 0, size);
        buf = grown;
        head = 0;
    }
}
