package dev.kernite.machine.net;

import java.lang.foreign.MemorySegment;

/**
 * The device's receive FIFO, as a NIC's on-chip buffer: frames that arrived from the backend and wait for the
 * driver's next receive buffer. Bounded: a frame that finds it full is refused (the caller counts the drop).
 * Each slot is a preallocated frame-sized buffer, so taking a frame in is one copy and allocates nothing.
 *
 * <p>Thread safety: many producers, serialised by a lock among themselves ({@link #offer}); one consumer, the
 * device thread ({@link #peek}, {@link #pop}, {@link #clear}), which takes no lock. {@code tail} is published
 * with a volatile write after the slot is filled; {@code head} likewise after the slot is consumed.
 */
final class FrameFifo {
    private final MemorySegment[] slots;
    private final int[] lengths;
    private final int slotBytes;
    private final Object producers = new Object();
    private volatile long head; // written by the consumer
    private volatile long tail; // written by producers, under the lock

    FrameFifo(int capacity, int slotBytes) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        this.slots = new MemorySegment[capacity];
        this.lengths = new int[capacity];
        this.slotBytes = slotBytes;
        for (int i = 0; i < capacity; i++) slots[i] = MemorySegment.ofArray(new byte[slotBytes]);
    }

    /** Copies {@code frame} in; false when the FIFO is full or the frame is larger than a slot. */
    boolean offer(MemorySegment frame) {
        if (frame.byteSize() > slotBytes) return false;
        synchronized (producers) {
            long t = tail;
            if (t - head == slots.length) return false;
            int i = (int) (t & (slots.length - 1));
            MemorySegment.copy(frame, 0, slots[i], 0, frame.byteSize());
            lengths[i] = (int) frame.byteSize();
            tail = t + 1;
            return true;
        }
    }

    boolean isEmpty() { return head == tail; }

    /** The oldest frame (a view of its slot, valid until {@link #pop}), or null. */
    MemorySegment peek() {
        long h = head;
        if (h == tail) return null;
        int i = (int) (h & (slots.length - 1));
        return slots[i].asSlice(0, lengths[i]);
    }

    /** Drops the oldest frame (after {@link #peek} returned it). */
    void pop() { head = head + 1; }

    /** Drops every frame; returns how many. */
    int clear() {
        long t = tail, h = head;
        head = t;
        return (int) (t - h);
    }
}
