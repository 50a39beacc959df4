package dev.kernite.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The shared-memory layouts: alignment, line separation, geometry arithmetic, and the small pages. */
class ChannelLayoutTest {
    /** Every header/control word of a channel with its width in bytes. */
    private static final Map<String, long[]> WORDS = Map.ofEntries(
        Map.entry("magic", new long[] {ChannelLayout.MAGIC_OFFSET, 4}),
        Map.entry("version", new long[] {ChannelLayout.VERSION_OFFSET, 4}),
        Map.entry("state", new long[] {ChannelLayout.STATE_OFFSET, 4}),
        Map.entry("closedBy", new long[] {ChannelLayout.CLOSED_BY_OFFSET, 4}),
        Map.entry("slotSize", new long[] {ChannelLayout.SLOT_SIZE_OFFSET, 4}),
        Map.entry("reqSlots", new long[] {ChannelLayout.REQ_SLOTS_OFFSET, 4}),
        Map.entry("repSlots", new long[] {ChannelLayout.REP_SLOTS_OFFSET, 4}),
        Map.entry("reqTail", new long[] {ChannelLayout.REQ_TAIL_OFFSET, 8}),
        Map.entry("reqHead", new long[] {ChannelLayout.REQ_HEAD_OFFSET, 8}),
        Map.entry("repTail", new long[] {ChannelLayout.REP_TAIL_OFFSET, 8}),
        Map.entry("repHead", new long[] {ChannelLayout.REP_HEAD_OFFSET, 8}),
        Map.entry("serverSleeping", new long[] {ChannelLayout.SERVER_SLEEPING_OFFSET, 4}),
        Map.entry("replyWaiter", new long[] {ChannelLayout.REPLY_WAITER_OFFSET, 4}),
        Map.entry("spaceWaiter", new long[] {ChannelLayout.SPACE_WAITER_OFFSET, 4}));

    /** Words written by different parties, or at different times: each needs a line of its own. */
    private static final List<Long> OWN_LINE = List.of(ChannelLayout.REQ_TAIL_OFFSET, ChannelLayout.REQ_HEAD_OFFSET,
        ChannelLayout.REP_TAIL_OFFSET, ChannelLayout.REP_HEAD_OFFSET, ChannelLayout.SERVER_SLEEPING_OFFSET,
        ChannelLayout.REPLY_WAITER_OFFSET, ChannelLayout.SPACE_WAITER_OFFSET);

    @Test
    void everyWordIsAlignedToItsWidth() {
        WORDS.forEach((name, w) -> assertEquals(0, w[0] % w[1], () -> name + " at " + w[0] + " is not " + w[1] + "-aligned"));
    }

    @Test
    void wordsDoNotOverlapAndStayBelowTheSlots() {
        WORDS.forEach((a, wa) -> {
            assertTrue(wa[0] >= 0 && wa[0] + wa[1] <= ChannelLayout.SLOTS_OFFSET, a);
            assertEquals(wa[0] / ChannelLayout.LINE, (wa[0] + wa[1] - 1) / ChannelLayout.LINE, () -> a + " straddles a line");
            WORDS.forEach((b, wb) -> {
                if (!a.equals(b)) assertTrue(wa[0] + wa[1] <= wb[0] || wb[0] + wb[1] <= wa[0], () -> a + " overlaps " + b);
            });
        });
    }

    @Test
    void countersAndWaitFlagsEachHaveALineOfTheirOwn() {
        Set<Long> lines = new HashSet<>();
        lines.add(0L); // the header line
        for (long offset : OWN_LINE) {
            assertTrue(lines.add(offset / ChannelLayout.LINE), () -> "word at " + offset + " shares a 64-byte line");
        }
        assertEquals(64, ChannelLayout.LINE);
    }

    @Test
    void headerFitsInItsLine() {
        for (long off : new long[] {ChannelLayout.MAGIC_OFFSET, ChannelLayout.VERSION_OFFSET, ChannelLayout.STATE_OFFSET,
                                    ChannelLayout.CLOSED_BY_OFFSET, ChannelLayout.SLOT_SIZE_OFFSET,
                                    ChannelLayout.REQ_SLOTS_OFFSET, ChannelLayout.REP_SLOTS_OFFSET}) {
            assertTrue(off + 4 <= ChannelLayout.LINE, "header word at " + off);
        }
    }

    @Test
    void slotsStartPageAligned() {
        assertEquals(0, ChannelLayout.SLOTS_OFFSET % 4096);
        assertTrue(ChannelLayout.SLOTS_OFFSET > ChannelLayout.SPACE_WAITER_OFFSET);
    }

    @Test
    void slotHeaderFieldsAreDistinctAlignedInts() {
        long[] fields = {ChannelLayout.SLOT_LENGTH, ChannelLayout.SLOT_LABEL, ChannelLayout.SLOT_KIND, ChannelLayout.SLOT_CALL_ID};
        Set<Long> seen = new HashSet<>();
        for (long f : fields) {
            assertEquals(0, f % 4);
            assertTrue(f + 4 <= ChannelLayout.SLOT_HEADER);
            assertTrue(seen.add(f));
        }
        assertEquals(16, ChannelLayout.SLOT_HEADER);
        assertEquals(Set.of(1, 2, 3), Set.of(ChannelLayout.KIND_CALL, ChannelLayout.KIND_SEND, ChannelLayout.KIND_REPLY));
    }

    @Test
    void closeConstantsArePinned() {
        assertEquals(0, ChannelLayout.STATE_OPEN);
        assertEquals(Status.OK.code(), ChannelLayout.STATE_OPEN, "an open state must read as OK");
        assertEquals(1, ChannelLayout.BY_CLIENT);
        assertEquals(2, ChannelLayout.BY_SERVER);
        assertEquals(3, ChannelLayout.BY_KERNEL);
    }

    @Test
    void magicsSpellTheirNamesInLittleEndian() {
        assertEquals("KNCH", ascii(ChannelLayout.MAGIC));
        assertEquals("KNDB", ascii(DoorbellLayout.MAGIC));
        assertEquals("KNNT", ascii(NotificationLayout.MAGIC));
    }

    private static String ascii(int magic) {
        byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(magic).array();
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void maxPayloadIsSlotMinusHeader() {
        assertEquals(2032, ChannelLayout.maxPayload(ChannelLayout.DEFAULT_SLOT_SIZE));
        assertEquals(112, ChannelLayout.maxPayload(128));
        assertEquals(65536 - 16, ChannelLayout.maxPayload(65536));
    }

    @Test
    void segmentSizeOfKnownGeometries() {
        assertEquals(4096 + 68L * 2048, ChannelLayout.segmentSize(2048, 64, 4));
        assertEquals(4096 + 2L * 128, ChannelLayout.segmentSize(128, 1, 1));
        // The largest valid geometry must not overflow an int product.
        assertEquals(4096 + 8192L * 65536, ChannelLayout.segmentSize(65536, 4096, 4096));
        assertTrue(ChannelLayout.segmentSize(65536, 4096, 4096) > Integer.MAX_VALUE / 4);
    }

    @Test
    void defaultGeometryIsValid() {
        assertTrue(ChannelLayout.isValidGeometry(ChannelLayout.DEFAULT_SLOT_SIZE, ChannelLayout.DEFAULT_REQ_SLOTS,
                                                 ChannelLayout.DEFAULT_REP_SLOTS));
    }

    @Test
    void geometryEdges() {
        assertTrue(ChannelLayout.isValidGeometry(128, 1, 1));
        assertTrue(ChannelLayout.isValidGeometry(192, 1, 1), "any multiple of 64");
        assertTrue(ChannelLayout.isValidGeometry(65536, 4096, 4096));
        for (int slot : new int[] {0, -128, 64, 127, 129, 160, 65472 + 1, 65600, 131072, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertFalse(ChannelLayout.isValidGeometry(slot, 1, 1), "slot size " + slot);
        }
        for (int n : new int[] {0, -1, -4096, 3, 6, 4095, 8192, 1 << 30, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertFalse(ChannelLayout.isValidGeometry(128, n, 1), "request slots " + n);
            assertFalse(ChannelLayout.isValidGeometry(128, 1, n), "reply slots " + n);
        }
        for (int n = 1; n <= 4096; n <<= 1) assertTrue(ChannelLayout.isValidGeometry(128, n, n), "slots " + n);
    }

    @Test
    void slotOffsetsPartitionTheSegment() {
        int[][] geometries = {{128, 1, 1}, {128, 2, 4096}, {2048, 64, 4}, {192, 8, 2}, {65536, 4096, 1}, {4096, 16, 16}};
        for (int[] g : geometries) checkGeometry(g[0], g[1], g[2]);
    }

    /** Request slots fill [SLOTS_OFFSET, repStart), reply slots [repStart, end): distinct, in range, wrapping. */
    private static void checkGeometry(int slot, int req, int rep) {
        assertTrue(ChannelLayout.isValidGeometry(slot, req, rep));
        long repStart = ChannelLayout.SLOTS_OFFSET + (long) req * slot;
        long end = ChannelLayout.segmentSize(slot, req, rep);
        Set<Long> used = new HashSet<>();
        for (long count = 0; count < req; count++) {
            long off = ChannelLayout.requestSlotOffset(slot, req, count);
            assertTrue(off >= ChannelLayout.SLOTS_OFFSET && off + slot <= repStart, "request slot " + count);
            assertEquals(0, off % ChannelLayout.LINE);
            assertTrue(used.add(off));
        }
        for (long count = 0; count < rep; count++) {
            long off = ChannelLayout.replySlotOffset(slot, req, rep, count);
            assertTrue(off >= repStart && off + slot <= end, "reply slot " + count);
            assertEquals(0, off % ChannelLayout.LINE);
            assertTrue(used.add(off), "reply slot " + count + " overlaps a request slot");
        }
        for (long count : new long[] {req, rep, 7L * req + 3, Long.MAX_VALUE, 1L << 40, (1L << 32) + 1}) {
            long rq = ChannelLayout.requestSlotOffset(slot, req, count);
            long rp = ChannelLayout.replySlotOffset(slot, req, rep, count);
            assertEquals(ChannelLayout.requestSlotOffset(slot, req, count % req), rq, "request count wraps");
            assertEquals(ChannelLayout.replySlotOffset(slot, req, rep, count % rep), rp, "reply count wraps");
            assertTrue(rq + slot <= repStart && rp >= repStart && rp + slot <= end);
        }
    }

    @Test
    void doorbellFitsItsPage() {
        assertEquals(4096, DoorbellLayout.SIZE);
        for (long off : new long[] {DoorbellLayout.MAGIC_OFFSET, DoorbellLayout.VERSION_OFFSET, DoorbellLayout.SEQ_OFFSET}) {
            assertEquals(0, off % 4);
            assertTrue(off >= 0 && off + 4 <= DoorbellLayout.SIZE);
        }
        assertNotEquals(DoorbellLayout.MAGIC_OFFSET / 64, DoorbellLayout.SEQ_OFFSET / 64, "futex word off the header line");
        assertNotEquals(DoorbellLayout.MAGIC_OFFSET, DoorbellLayout.VERSION_OFFSET);
    }

    @Test
    void notificationFitsItsPage() {
        assertEquals(4096, NotificationLayout.SIZE);
        long[] offsets = {NotificationLayout.MAGIC_OFFSET, NotificationLayout.VERSION_OFFSET,
                          NotificationLayout.BITS_OFFSET, NotificationLayout.WAITERS_OFFSET};
        Set<Long> seen = new HashSet<>();
        for (long off : offsets) {
            assertEquals(0, off % 4);
            assertTrue(off >= 0 && off + 4 <= NotificationLayout.SIZE);
            assertTrue(seen.add(off));
        }
        Set<Long> lines = new HashSet<>(List.of(0L, NotificationLayout.BITS_OFFSET / 64, NotificationLayout.WAITERS_OFFSET / 64));
        assertEquals(3, lines.size(), "header, bits and waiters each on a line of their own");
    }
}
