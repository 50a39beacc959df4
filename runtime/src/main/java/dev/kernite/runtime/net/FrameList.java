package dev.kernite.runtime.net;

/**
 * A batch of frames in a buffer: (offset, length) pairs, reused from call to call so a batch allocates nothing.
 *
 * <p>Thread safety: not thread-safe; one owner at a time.
 */
public final class FrameList {
    private final int[] offsets;
    private final int[] lengths;
    private int count;

    public FrameList(int capacity) {
        if (capacity < 1 || capacity > NicProtocol.MAX_BATCH) throw new IllegalArgumentException("capacity 1.." + NicProtocol.MAX_BATCH);
        offsets = new int[capacity];
        lengths = new int[capacity];
    }

    public int capacity() { return offsets.length; }

    public int count() { return count; }

    public int offset(int i) { return offsets[check(i)]; }

    public int length(int i) { return lengths[check(i)]; }

    /** Appends a frame; false when the list is full. */
    public boolean add(int offset, int length) {
        if (count == offsets.length) return false;
        if (offset < 0 || length <= 0) throw new IllegalArgumentException("frame at " + offset + ", " + length + " bytes");
        offsets[count] = offset;
        lengths[count++] = length;
        return true;
    }

    public FrameList clear() {
        count = 0;
        return this;
    }

    /** Drops the first {@code n} frames (those a send took), keeping the rest in order. */
    public void dropFirst(int n) {
        if (n < 0 || n > count) throw new IllegalArgumentException("drop " + n + " of " + count);
        System.arraycopy(offsets, n, offsets, 0, count - n);
        System.arraycopy(lengths, n, lengths, 0, count - n);
        count -= n;
    }

    private int check(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException(i);
        return i;
    }
}
