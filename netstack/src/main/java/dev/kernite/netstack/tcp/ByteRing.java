package dev.kernite.netstack.tcp;

/**
 * A circular byte buffer holding up to {@code capacity} bytes; its array starts small and doubles as it fills, so
 * a connection that moves little data holds little memory, and it grows only with bytes taken from the shared
 * {@link BufferBudget} — when that is spent, the array it has is all it holds. Emptied while the budget is short,
 * it gives its array back; {@link #release} gives everything back. Used for a connection's send and receive buffers.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
final class ByteRing {
    private static final int INITIAL = 4096;
    private final int capacity;
    private final BufferBudget budget;
    private byte[] buf = new byte[0];
    private int head;
    private int size;
    private boolean released;

    ByteRing(int capacity, BufferBudget budget) {
        this.capacity = capacity;
        this.budget = budget;
    }

    int size() { return size; }

    /** How many more bytes it can take now: up to its capacity, as far as its array and the budget allow. */
    int free() {
        long reachable = released ? buf.length : Math.min(capacity, buf.length + budget.available());
        return (int) Math.max(0, Math.max(reachable, buf.length) - size);
    }

    /** Gives the array's bytes back to the budget (the connection is gone); what it holds stays readable. */
    void release() {
        if (released) return;
        released = true;
        budget.give(buf.length);
    }

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
        if (size == 0) {
            head = 0;
            // Emptied while the budget is short: give the array back, so a connection waiting for memory (a zero
            // window) gets it; this one takes again as data comes.
            if (!released && budget.available() < capacity) {
                budget.give(buf.length);
                buf = new byte[0];
            }
        }
    }

    /** Grows the array to hold {@code needed} bytes (doubling, as the budget allows); needed ≤ size + free(). */
    private void ensure(int needed) {
        if (needed <= buf.length) return;
        int newLength = Math.max(INITIAL, buf.length);
        while (newLength < needed) newLength *= 2;
        newLength = Math.min(Math.max(newLength, needed), Math.max(capacity, needed));
        if (!released) newLength = buf.length + budget.take(newLength - buf.length);
        if (newLength < needed) throw new IllegalStateException("grew past the budget: " + needed + " > " + newLength);
        byte[] grown = new byte[newLength];
        if (size > 0) peek(0, grown, 0, size);
        buf = grown;
        head = 0;
    }
}
