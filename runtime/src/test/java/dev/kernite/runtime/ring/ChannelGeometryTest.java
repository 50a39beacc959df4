package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/** The binary contract: header checks at open, slot arithmetic, state decoding. */
class ChannelGeometryTest {

    private static MemorySegment formatted(Arena arena, ChannelGeometry g) {
        MemorySegment seg = arena.allocate(g.segmentSize(), 4096);
        TestChannel.format(seg, g);
        return seg;
    }

    @Test
    void readsTheGeometryOfAWellFormedChannel() {
        try (Arena arena = Arena.ofConfined()) {
            ChannelGeometry g = ChannelGeometry.of(256, 8, 2);
            assertEquals(g, ChannelGeometry.read(formatted(arena, g)));
            assertEquals(256 - ChannelLayout.SLOT_HEADER, g.maxPayload());
        }
    }

    @Test
    void defaultGeometryCarriesAFullMessage() {
        ChannelGeometry g = ChannelGeometry.defaults();
        assertEquals(Message.MAX_PAYLOAD, g.maxPayload());
        assertEquals(ChannelLayout.segmentSize(2048, 64, 4), g.segmentSize());
    }

    @Test
    void payloadIsCappedAtMessageCapacityForBigSlots() {
        assertEquals(Message.MAX_PAYLOAD, ChannelGeometry.of(65536, 1, 1).maxPayload());
    }

    @Test
    void rejectsBadMagicVersionOrGeometry() {
        try (Arena arena = Arena.ofConfined()) {
            ChannelGeometry g = ChannelGeometry.defaults();
            MemorySegment seg = formatted(arena, g);
            seg.set(Shm.INT, ChannelLayout.MAGIC_OFFSET, 0x12345678);
            assertNull(ChannelGeometry.read(seg));
            TestChannel.format(seg, g);
            seg.set(Shm.INT, ChannelLayout.VERSION_OFFSET, 2);
            assertNull(ChannelGeometry.read(seg));
            int[][] bad = {{100, 64, 4}, {2048, 3, 4}, {2048, 64, 0}, {2048, 8192, 4}, {64, 1, 1}, {-2048, 64, 4}};
            for (int[] b : bad) {
                TestChannel.format(seg, g);
                seg.set(Shm.INT, ChannelLayout.SLOT_SIZE_OFFSET, b[0]);
                seg.set(Shm.INT, ChannelLayout.REQ_SLOTS_OFFSET, b[1]);
                seg.set(Shm.INT, ChannelLayout.REP_SLOTS_OFFSET, b[2]);
                assertNull(ChannelGeometry.read(seg), () -> java.util.Arrays.toString(b));
            }
        }
    }

    @Test
    void rejectsASegmentTooSmallForItsSlots() {
        try (Arena arena = Arena.ofConfined()) {
            ChannelGeometry g = ChannelGeometry.defaults();
            MemorySegment seg = formatted(arena, g);
            assertNull(ChannelGeometry.read(seg.asSlice(0, g.segmentSize() - 1)));
            assertNull(ChannelGeometry.read(seg.asSlice(0, 100)));
        }
    }

    @Test
    void rejectsHeapAndMisalignedSegments() {
        ChannelGeometry g = ChannelGeometry.of(128, 1, 1);
        MemorySegment heap = MemorySegment.ofArray(new byte[(int) g.segmentSize()]);
        assertNull(ChannelGeometry.read(heap));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(g.segmentSize() + 8, 4096);
            assertNull(ChannelGeometry.read(seg.asSlice(4)));
        }
    }

    @Test
    void slotOffsetsWrapAndReplySlotsFollowRequestSlots() {
        ChannelGeometry g = ChannelGeometry.of(128, 4, 2);
        assertEquals(4096, g.requestSlot(0));
        assertEquals(4096 + 3 * 128, g.requestSlot(3));
        assertEquals(4096, g.requestSlot(4));
        assertEquals(4096 + 128, g.requestSlot(Long.MAX_VALUE - 2));
        assertEquals(4096 + 4 * 128, g.replySlot(0));
        assertEquals(4096 + 5 * 128, g.replySlot(1));
        assertEquals(4096 + 4 * 128, g.replySlot(2));
        assertEquals(g.segmentSize(), g.replySlot(1) + 128);
    }

    @Test
    void countsAreConsistentOnlyWithinOneRing() {
        assertTrue(ChannelGeometry.consistent(0, 0, 4));
        assertTrue(ChannelGeometry.consistent(10, 14, 4));
        assertFalse(ChannelGeometry.consistent(10, 15, 4));
        assertFalse(ChannelGeometry.consistent(10, 9, 4));
        assertFalse(ChannelGeometry.consistent(-1, 0, 4));
    }

    @Test
    void stateWordDecodesToAClosingStatusOrProtocolError() {
        assertEquals(Status.OK, ChannelState.decode(ChannelLayout.STATE_OPEN));
        assertEquals(Status.PEER_DIED, ChannelState.decode(Status.PEER_DIED.code()));
        assertEquals(Status.CHANNEL_CLOSED, ChannelState.decode(Status.CHANNEL_CLOSED.code()));
        for (int transientCode : new int[] {Status.WOULD_BLOCK.code(), Status.TIMED_OUT.code(),
                                            Status.INTERRUPTED.code(), -1, 99999, Integer.MIN_VALUE}) {
            assertEquals(Status.PROTOCOL_ERROR, ChannelState.decode(transientCode));
        }
    }

    @Test
    void openRejectsInconsistentCounts() {
        try (Arena arena = Arena.ofConfined()) {
            ChannelGeometry g = ChannelGeometry.of(128, 4, 2);
            MemorySegment seg = formatted(arena, g);
            MemorySegment db = arena.allocate(4096, 4096);
            assertNotNull(ServerRings.open(seg, 1));
            assertNotNull(ClientRings.open(seg, db));
            seg.set(Shm.LONG, ChannelLayout.REQ_TAIL_OFFSET, 5);
            assertNull(ServerRings.open(seg, 1));
            assertNull(ClientRings.open(seg, db));
            TestChannel.format(seg, g);
            seg.set(Shm.LONG, ChannelLayout.REP_HEAD_OFFSET, 1);
            assertNull(ServerRings.open(seg, 1));
            TestChannel.format(seg, g);
            assertNull(ClientRings.open(seg, db.asSlice(0, 100)), "doorbell too small");
        }
    }

    @Test
    void geometryConstructorRefusesInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> ChannelGeometry.of(100, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ChannelGeometry(128, 1, 1, 5));
    }
}
