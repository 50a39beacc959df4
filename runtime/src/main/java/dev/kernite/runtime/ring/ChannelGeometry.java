package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.runtime.Message;

import java.lang.foreign.MemorySegment;

/**
 * The geometry of one channel, read once when a side opens it and kept privately afterwards: later writes to the
 * shared header cannot change how this side indexes the rings.
 *
 * <p>Thread safety: immutable.
 *
 * @param slotSize   bytes per slot, a multiple of 64 in [128, 65536]
 * @param reqSlots   request slots, a power of two in [1, 4096]
 * @param repSlots   reply slots, a power of two in [1, 4096]
 * @param maxPayload the largest payload this runtime sends or accepts on the channel: the slot's inline payload,
 *                   capped at {@link Message#MAX_PAYLOAD}
 */
public record ChannelGeometry(int slotSize, int reqSlots, int repSlots, int maxPayload) {

    public ChannelGeometry {
        if (!ChannelLayout.isValidGeometry(slotSize, reqSlots, repSlots)
            || maxPayload != Math.min(ChannelLayout.maxPayload(slotSize), Message.MAX_PAYLOAD)) {
            throw new IllegalArgumentException("invalid channel geometry " + slotSize + "/" + reqSlots + "/" + repSlots);
        }
    }

    /** A geometry for the given slot size and counts (which must be valid). */
    public static ChannelGeometry of(int slotSize, int reqSlots, int repSlots) {
        return new ChannelGeometry(slotSize, reqSlots, repSlots,
            Math.min(ChannelLayout.maxPayload(slotSize), Message.MAX_PAYLOAD));
    }

    /** The default geometry of {@link ChannelLayout}. */
    public static ChannelGeometry defaults() {
        return of(ChannelLayout.DEFAULT_SLOT_SIZE, ChannelLayout.DEFAULT_REQ_SLOTS, ChannelLayout.DEFAULT_REP_SLOTS);
    }

    /**
     * Reads and checks the header of a channel segment: a native, 8-byte-aligned segment with the channel magic
     * and version, a valid geometry, and room for all slots. Returns null when any of that fails.
     */
    public static ChannelGeometry read(MemorySegment seg) {
        if (!seg.isNative() || seg.address() % Long.BYTES != 0 || seg.byteSize() < ChannelLayout.SLOTS_OFFSET) {
            return null;
        }
        if (Shm.getIntVolatile(seg, ChannelLayout.MAGIC_OFFSET) != ChannelLayout.MAGIC
            || Shm.getIntVolatile(seg, ChannelLayout.VERSION_OFFSET) != ChannelLayout.VERSION) {
            return null;
        }
        int slotSize = Shm.getIntVolatile(seg, ChannelLayout.SLOT_SIZE_OFFSET);
        int reqSlots = Shm.getIntVolatile(seg, ChannelLayout.REQ_SLOTS_OFFSET);
        int repSlots = Shm.getIntVolatile(seg, ChannelLayout.REP_SLOTS_OFFSET);
        if (!ChannelLayout.isValidGeometry(slotSize, reqSlots, repSlots)
            || seg.byteSize() < ChannelLayout.segmentSize(slotSize, reqSlots, repSlots)) {
            return null;
        }
        return of(slotSize, reqSlots, repSlots);
    }

    /** True while the shared header still says what it said at open (a changed header is a protocol error). */
    boolean matches(MemorySegment seg) {
        return Shm.getIntVolatile(seg, ChannelLayout.MAGIC_OFFSET) == ChannelLayout.MAGIC
            && Shm.getIntVolatile(seg, ChannelLayout.VERSION_OFFSET) == ChannelLayout.VERSION
            && Shm.getIntVolatile(seg, ChannelLayout.SLOT_SIZE_OFFSET) == slotSize
            && Shm.getIntVolatile(seg, ChannelLayout.REQ_SLOTS_OFFSET) == reqSlots
            && Shm.getIntVolatile(seg, ChannelLayout.REP_SLOTS_OFFSET) == repSlots;
    }

    /** True if a ring's counts are possible: 0 ≤ head ≤ tail ≤ head + slots. */
    static boolean consistent(long head, long tail, int slots) {
        return head >= 0 && tail >= head && tail - head <= slots;
    }

    /** Bytes a channel of this geometry needs. */
    public long segmentSize() { return ChannelLayout.segmentSize(slotSize, reqSlots, repSlots); }

    /** Offset of the request slot for message number {@code count}. */
    long requestSlot(long count) { return ChannelLayout.requestSlotOffset(slotSize, reqSlots, count); }

    /** Offset of the reply slot for message number {@code count}. */
    long replySlot(long count) { return ChannelLayout.replySlotOffset(slotSize, reqSlots, repSlots, count); }
}
