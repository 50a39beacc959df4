package dev.kernite.kernel.object;

import static dev.kernite.abi.ChannelLayout.*;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.DoorbellLayout;
import dev.kernite.abi.NotificationLayout;
import dev.kernite.abi.Status;
import dev.kernite.sys.Fd;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/** The kernel's side of a channel: the header it writes, how it closes, what it reads, when it frees. */
class ChannelObjectTest {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int SLOT = 2048, REQ = 64, REP = 4;
    private static final long BADGE = 0x0000_0007_0000_0004L;

    private final TestMemory memory = new TestMemory();
    private ProcessObject server;
    private ProcessObject client;
    private EndpointObject endpoint;
    private SharedMemory channelMemory;
    private ChannelObject channel;

    @BeforeEach
    void setUp() {
        server = TestMemory.process(1, "server");
        client = TestMemory.process(2, "client");
        endpoint = new EndpointObject(3, "echo", server, memory.allocate("bell", DoorbellLayout.SIZE));
        channelMemory = memory.allocate("channel", ChannelObject.sizeFor(SLOT, REQ, REP));
        channel = new ChannelObject(4, endpoint, client, BADGE, channelMemory, SLOT, REQ, REP);
        endpoint.channels().add(channel);
    }

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private MemorySegment seg() { return channelMemory.segment(); }

    private int word(long offset) { return seg().get(I32, offset); }

    private int doorbellSeq() { return endpoint.doorbell().segment().get(I32, DoorbellLayout.SEQ_OFFSET); }

    @Test
    void sizeForIsTheLayoutsSegmentSize() {
        assertEquals(ChannelLayout.segmentSize(SLOT, REQ, REP), ChannelObject.sizeFor(SLOT, REQ, REP));
        assertEquals(4096 + 68L * 2048, ChannelObject.sizeFor(SLOT, REQ, REP));
        assertEquals(ChannelObject.sizeFor(SLOT, REQ, REP), channelMemory.size());
    }

    @Test
    void headerIsWrittenAtTheLayoutOffsets() {
        assertEquals(MAGIC, word(MAGIC_OFFSET));
        assertEquals(VERSION, word(VERSION_OFFSET));
        assertEquals(SLOT, word(SLOT_SIZE_OFFSET));
        assertEquals(REQ, word(REQ_SLOTS_OFFSET));
        assertEquals(REP, word(REP_SLOTS_OFFSET));
        assertEquals(STATE_OPEN, word(STATE_OFFSET));
        assertEquals(0, word(CLOSED_BY_OFFSET));
        for (long counter : new long[] {REQ_TAIL_OFFSET, REQ_HEAD_OFFSET, REP_TAIL_OFFSET, REP_HEAD_OFFSET}) {
            assertEquals(0, seg().get(I64, counter));
        }
        // The doorbell and notification pages get their own headers from their objects.
        assertEquals(DoorbellLayout.MAGIC, endpoint.doorbell().segment().get(I32, DoorbellLayout.MAGIC_OFFSET));
        assertEquals(DoorbellLayout.VERSION, endpoint.doorbell().segment().get(I32, DoorbellLayout.VERSION_OFFSET));
        NotificationObject note = new NotificationObject(9, memory.allocate("note", NotificationLayout.SIZE));
        assertEquals(NotificationLayout.MAGIC, note.memory().segment().get(I32, NotificationLayout.MAGIC_OFFSET));
        assertEquals(NotificationLayout.VERSION, note.memory().segment().get(I32, NotificationLayout.VERSION_OFFSET));
    }

    @Test
    void accessorsDescribeTheConnection() {
        assertEquals(4, channel.id());
        assertSame(endpoint, channel.endpoint());
        assertSame(client, channel.client());
        assertSame(server, channel.server());
        assertEquals(BADGE, channel.badge());
        assertEquals(SLOT, channel.slotSize());
        assertEquals(REQ, channel.reqSlots());
        assertEquals(REP, channel.repSlots());
        assertSame(server, channel.peerOf(client));
        assertSame(client, channel.peerOf(server));
        assertTrue(channel.isOpen());
        assertEquals(Status.OK, channel.sharedState());
        assertFalse(channel.isFreed());
    }

    @Test
    void closePublishesTheReasonAndWhoClosed() {
        assertTrue(channel.close(Status.PEER_DIED));
        assertEquals(Status.PEER_DIED.code(), word(STATE_OFFSET));
        assertEquals(BY_KERNEL, word(CLOSED_BY_OFFSET));
        assertFalse(channel.isOpen());
        assertEquals(Status.PEER_DIED, channel.sharedState());
        assertFalse(endpoint.channels().contains(channel), "the endpoint forgets a closed channel");
        assertEquals(1, doorbellSeq(), "the server is rung to rescan");
    }

    @Test
    void closeIsIdempotent() {
        assertTrue(channel.close(Status.CHANNEL_CLOSED));
        assertFalse(channel.close(Status.PEER_DIED));
        assertFalse(channel.close(Status.PROTOCOL_ERROR));
        assertEquals(Status.CHANNEL_CLOSED.code(), word(STATE_OFFSET));
        assertEquals(BY_KERNEL, word(CLOSED_BY_OFFSET));
        assertEquals(Status.CHANNEL_CLOSED, channel.sharedState());
        assertEquals(1, doorbellSeq(), "rung once");
    }

    @ParameterizedTest
    @ValueSource(ints = {BY_CLIENT, BY_SERVER})
    void closeKeepsASidesEarlierReason(int by) {
        seg().set(I32, STATE_OFFSET, Status.PROTOCOL_ERROR.code());
        seg().set(I32, CLOSED_BY_OFFSET, by);
        assertFalse(channel.isOpen(), "a side's close is seen before the kernel's");
        assertEquals(Status.PROTOCOL_ERROR, channel.sharedState());
        assertTrue(channel.close(Status.PEER_DIED));
        assertEquals(Status.PROTOCOL_ERROR.code(), word(STATE_OFFSET), "the side's reason stands");
        assertEquals(by, word(CLOSED_BY_OFFSET), "and so does who closed it");
        assertEquals(Status.PROTOCOL_ERROR, channel.sharedState());
        assertFalse(channel.isOpen());
    }

    @Test
    void garbageStateReadsAsProtocolErrorAndIsLeftAlone() {
        seg().set(I32, STATE_OFFSET, 999);
        seg().set(I32, CLOSED_BY_OFFSET, 77);
        assertEquals(Status.PROTOCOL_ERROR, channel.sharedState());
        assertFalse(channel.isOpen());
        assertTrue(channel.close(Status.CHANNEL_CLOSED));
        assertEquals(999, word(STATE_OFFSET));
        assertEquals(77, word(CLOSED_BY_OFFSET));
        assertEquals(Status.PROTOCOL_ERROR, channel.sharedState());
    }

    @Test
    void aSideCannotReopenAClosedChannel() {
        channel.close(Status.PEER_DIED);
        seg().set(I32, STATE_OFFSET, STATE_OPEN); // a hostile process rewrites the state word
        assertFalse(channel.isOpen());
        assertEquals(Status.PEER_DIED, channel.sharedState(), "the kernel keeps its own record");
        assertFalse(channel.close(Status.CHANNEL_CLOSED));
    }

    @Test
    void requestsAndRepliesReadTheTails() {
        assertEquals(0, channel.requests());
        assertEquals(0, channel.replies());
        seg().set(I64, REQ_TAIL_OFFSET, 0x1_0000_0005L);
        seg().set(I64, REQ_HEAD_OFFSET, 3);
        seg().set(I64, REP_TAIL_OFFSET, 4);
        seg().set(I64, REP_HEAD_OFFSET, 2);
        assertEquals(0x1_0000_0005L, channel.requests());
        assertEquals(4, channel.replies());
        channel.close(Status.CHANNEL_CLOSED);
        assertEquals(0x1_0000_0005L, channel.requests(), "still readable after close");
        assertEquals(4, channel.replies());
    }

    @Test
    void releaseFreesOnTheSecondCall() {
        assertFalse(channel.release());
        assertFalse(channel.isFreed());
        assertEquals(MAGIC, word(MAGIC_OFFSET), "still mapped after one release");
        assertTrue(channel.release());
        memory.forget(channelMemory);
        assertTrue(channel.isFreed());
        assertThrows(IllegalStateException.class, () -> word(MAGIC_OFFSET), "unmapped after the second");
    }

    @Test
    void notificationIsFreedWithItsLastHolder() {
        SharedMemory m = memory.allocate("note", NotificationLayout.SIZE);
        NotificationObject note = new NotificationObject(9, m);
        note.acquire();
        note.acquire();
        note.signal(0b101);
        assertEquals(0b101, m.segment().get(I32, NotificationLayout.BITS_OFFSET));
        assertFalse(note.release());
        assertTrue(note.release());
        memory.forget(m);
        assertThrows(IllegalStateException.class, () -> m.segment().get(I32, NotificationLayout.BITS_OFFSET));
    }

    /** Every descriptor a channel's life takes is given back: create, close, release twice, tear down. */
    @Test
    void nothingLeaksDescriptors() {
        lifeCycle(); // warm up: classes and native bindings loaded once may hold descriptors of their own
        int before = Fd.openCount();
        for (int i = 0; i < 20; i++) lifeCycle();
        assertEquals(before, Fd.openCount(), "descriptors leaked");
        assertEquals(2, memory.openCount(), "only the fixture's doorbell and channel are still tracked");
    }

    private void lifeCycle() {
        try (TestMemory local = new TestMemory()) {
            ProcessObject s = TestMemory.process(11, "s");
            EndpointObject e = new EndpointObject(12, "e", s, local.allocate("bell", DoorbellLayout.SIZE));
            SharedMemory m = local.allocate("ch", ChannelObject.sizeFor(SLOT, REQ, REP));
            ChannelObject c = new ChannelObject(13, e, TestMemory.process(14, "c"), 1, m, SLOT, REQ, REP);
            e.channels().add(c);
            NotificationObject n = new NotificationObject(15, local.allocate("note", NotificationLayout.SIZE));
            n.acquire();
            c.close(Status.PEER_DIED);
            c.release();
            if (c.release()) local.forget(m);
            if (n.release()) local.forget(n.memory());
            e.kill();
            local.forget(e.doorbell());
            assertEquals(0, local.openCount());
        }
    }
}
