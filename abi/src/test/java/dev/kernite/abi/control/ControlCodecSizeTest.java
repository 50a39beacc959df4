package dev.kernite.abi.control;

import dev.kernite.abi.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every message has a size bound: the largest possible message of each kind (every string at its byte limit,
 * every list at its count limit) encodes within {@link ControlCodec#MAX_MESSAGE} and decodes back. The expected
 * sizes are written out from the wire layout, so a layout change shows up here too.
 */
class ControlCodecSizeTest {
    private static final int HEADER = 8;           // op, seq
    private static final int REPLY_HEADER = 12;    // op, seq, status
    private static final int COUNT = 2;            // u16 list count

    private static int str(int maxBytes) { return 2 + maxBytes; }

    private static int encodedSize(ByteBuffer b) {
        int n = b.remaining();
        assertTrue(n <= ControlCodec.MAX_MESSAGE, () -> n + " bytes > MAX_MESSAGE " + ControlCodec.MAX_MESSAGE);
        return n;
    }

    @Test
    void largestSpawnFits() throws Exception {
        KernelRequest req = Samples.largestRequest();
        int expected = HEADER + str(ProcessSpec.MAX_NAME) + str(ProcessSpec.MAX_MODULE) + str(ProcessSpec.MAX_CLASS)
            + COUNT + ProcessSpec.MAX_ARGS * str(ProcessSpec.MAX_ARG) + 4 + 4
            + COUNT + ProcessSpec.MAX_ENDPOINTS * str(ProcessSpec.MAX_NAME)
            + COUNT + ProcessSpec.MAX_GRANTS * (4 + 4 + str(ProcessSpec.MAX_NAME)) + 8 + 4;
        ByteBuffer wire = ControlCodec.encodeRequest(1, req);
        assertEquals(expected, encodedSize(wire));
        assertEquals(req, ControlCodec.decodeRequest(wire).request());
    }

    @Test
    void everyRequestSampleFits() {
        for (KernelRequest r : Samples.requests()) encodedSize(ControlCodec.encodeRequest(1, r));
    }

    @Test
    void largestWelcomeFits() throws Exception {
        int expected = REPLY_HEADER + 4 + str(ProcessSpec.MAX_NAME) + 4
            + COUNT + ReplyBody.MAX_CAPS * (str(ProcessSpec.MAX_NAME) + 4 + 4 + 4);
        assertReplyFits(new KernelRequest.Describe(), Samples.maxWelcome(), expected);
    }

    @Test
    void largestProcessListFits() throws Exception {
        int row = 4 + str(ProcessSpec.MAX_NAME) + str(16) + 4 + 8 + 8 + 4 + 4 + 4 + 8 + 8 + 4;
        assertReplyFits(new KernelRequest.ListProcesses(0), Samples.maxProcesses(), REPLY_HEADER + 4 + COUNT + ReplyBody.MAX_ROWS * row);
    }

    @Test
    void largestDataspaceListFits() throws Exception {
        int row = 4 + 4 + 4 + 8 + 8 + 4 + 4 + 4;
        assertReplyFits(new KernelRequest.ListDataspaces(0), Samples.maxDataspaces(), REPLY_HEADER + 4 + COUNT + ReplyBody.MAX_ROWS * row);
    }

    @Test
    void largestChannelListFits() throws Exception {
        int row = 4 + str(ProcessSpec.MAX_NAME) + 4 + 4 + 8 + str(16) + 8 + 8;
        assertReplyFits(new KernelRequest.ListChannels(0), Samples.maxChannels(), REPLY_HEADER + 4 + COUNT + ReplyBody.MAX_ROWS * row);
    }

    @Test
    void largestSpawnedFits() throws Exception {
        assertReplyFits(new KernelRequest.Spawn(Samples.MIN_SPEC), Samples.maxSpawned(),
            REPLY_HEADER + 4 + 4 + COUNT + ProcessSpec.MAX_ENDPOINTS * 4);
    }

    @Test
    void fixedSizeRepliesFit() throws Exception {
        assertReplyFits(new KernelRequest.Connect(1), new ReplyBody.Connected(1, 2, 3, 4), REPLY_HEADER + 16);
        assertReplyFits(new KernelRequest.CreateNotification(), new ReplyBody.Handle(1), REPLY_HEADER + 4);
        assertReplyFits(new KernelRequest.Kill(1, false), new ReplyBody.None(), REPLY_HEADER);
    }

    private static void assertReplyFits(KernelRequest req, ReplyBody body, int expected) throws Exception {
        ByteBuffer wire = ControlCodec.encodeReply(1, Status.OK, body);
        assertEquals(expected, encodedSize(wire), body.getClass().getSimpleName());
        var reply = (ControlCodec.Outgoing.Reply) ControlCodec.decodeOutgoing(wire);
        assertEquals(body, ControlCodec.replyBody(req, reply.body()));
    }

    @Test
    void largestEventFits() throws Exception {
        ByteBuffer wire = ControlCodec.encodeEvent(Samples.largestEvent());
        assertEquals(HEADER + str(256), encodedSize(wire));
        assertEquals(Samples.largestEvent(), ((ControlCodec.Outgoing.Event) ControlCodec.decodeOutgoing(wire)).event());
        for (KernelEvent ev : Samples.events()) encodedSize(ControlCodec.encodeEvent(ev));
    }

    // ---- one past each limit: the writer (trusted code) refuses, it never emits a message the reader rejects ----

    @Test
    void writerRefusesOverlongStrings() {
        assertThrows(IllegalArgumentException.class,
            () -> ControlCodec.encodeRequest(1, new KernelRequest.CreateEndpoint(Samples.name(ProcessSpec.MAX_NAME + 1))));
        assertThrows(IllegalArgumentException.class,
            () -> ControlCodec.encodeEvent(new KernelEvent.Shutdown(Samples.utf8(257))));
        // The limit is in UTF-8 bytes, not chars: 129 two-byte chars are 258 bytes.
        assertThrows(IllegalArgumentException.class,
            () -> ControlCodec.encodeEvent(new KernelEvent.Shutdown("\u00E9".repeat(129))));
        ProcessSpec longArg = new ProcessSpec("a", "m", "C", List.of(Samples.utf8(ProcessSpec.MAX_ARG + 1)), 0, 0, List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> ControlCodec.encodeRequest(1, new KernelRequest.Spawn(longArg)));
    }

    @Test
    void writerRefusesOverlongLists() {
        ProcessSpec manyArgs = new ProcessSpec("a", "m", "C", Collections.nCopies(ProcessSpec.MAX_ARGS + 1, "x"), 0, 0,
            List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> ControlCodec.encodeRequest(1, new KernelRequest.Spawn(manyArgs)));
        List<ReplyBody.ChannelInfo> rows = new ArrayList<>(Samples.maxChannels().rows());
        rows.add(rows.getFirst());
        // A kernel answering ListChannels must cap its rows at MAX_ROWS itself: the writer throws past it.
        assertThrows(IllegalArgumentException.class,
            () -> ControlCodec.encodeReply(1, Status.OK, new ReplyBody.Channels(rows, rows.size())));
        List<ReplyBody.NamedCap> caps = new ArrayList<>(Samples.maxWelcome().caps());
        caps.add(caps.getFirst());
        assertThrows(IllegalArgumentException.class,
            () -> ControlCodec.encodeReply(1, Status.OK, new ReplyBody.Welcome(1, "a", 0, caps)));
    }

    @Test
    void stringLimitsAreInclusive() throws Exception {
        WireWriter w = new WireWriter(ControlCodec.newBuffer());
        w.string(Samples.utf8(10), 10).list(List.of(1, 2, 3), 3, WireWriter::i32);
        WireReader r = new WireReader(w.buffer().flip());
        assertEquals(Samples.utf8(10), r.string(10));
        assertEquals(List.of(1, 2, 3), r.list(3, WireReader::i32));
        r.end();
    }
}
