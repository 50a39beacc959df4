package dev.kernite.abi.control;

import dev.kernite.abi.Status;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Encoding then decoding every request, reply body and event gives back an equal value. */
class ControlCodecRoundTripTest {
    @Test
    void samplesCoverEveryRequestType() {
        assertCovers(KernelRequest.class, Samples.requests());
    }

    @Test
    void samplesCoverEveryReplyBodyType() {
        assertCovers(ReplyBody.class, Samples.replies().stream().map(Samples.Exchange::body).toList());
    }

    @Test
    void samplesCoverEveryEventType() {
        assertCovers(KernelEvent.class, Samples.events());
    }

    /** Each request type answered in the samples, so every branch of ReplyBody.read is exercised. */
    @Test
    void samplesAnswerEveryRequestType() {
        assertCovers(KernelRequest.class, Samples.replies().stream().map(Samples.Exchange::request).toList());
    }

    private static void assertCovers(Class<?> sealed, List<?> samples) {
        Set<Class<?>> seen = new HashSet<>();
        for (Object o : samples) seen.add(o.getClass());
        for (Class<?> c : sealed.getPermittedSubclasses()) assertTrue(seen.contains(c), () -> "no sample of " + c.getName());
    }

    @Test
    void everyRequestRoundTrips() throws Exception {
        int seq = 1;
        for (KernelRequest req : Samples.requests()) {
            for (int s : new int[] {seq++, -seq, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                ControlCodec.Incoming in = ControlCodec.decodeRequest(Samples.wrap(Samples.bytes(ControlCodec.encodeRequest(s, req))));
                assertEquals(new ControlCodec.Incoming(s, req), in, req::toString);
            }
        }
    }

    @Test
    void requestHeaderIsOpThenSeq() {
        ByteBuffer b = ControlCodec.encodeRequest(77, new KernelRequest.Connect(5));
        assertEquals(3, b.getInt(0));
        assertEquals(77, b.getInt(4));
        assertEquals(5, b.getInt(8));
        assertEquals(12, b.remaining());
    }

    @Test
    void requestOpsArePinnedAndInRange() {
        Set<Integer> ops = new HashSet<>();
        for (KernelRequest r : Samples.requests()) {
            assertTrue(r.op() >= 1 && r.op() <= 99, r::toString);
            ops.add(r.op());
        }
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22), ops);
        assertEquals(1, new KernelRequest.Hello(0).op());
        assertEquals(7, new KernelRequest.Spawn(Samples.MIN_SPEC).op());
        assertEquals(14, new KernelRequest.Serve(0).op());
    }

    @Test
    void eventOpsArePinnedAndDistinctFromReplies() {
        Set<Integer> ops = new HashSet<>();
        for (KernelEvent ev : Samples.events()) {
            assertTrue(ev.op() > 100 && ev.op() != ControlCodec.OP_REPLY, ev::toString);
            ops.add(ev.op());
        }
        assertEquals(Set.of(101, 102, 103, 104, 105), ops);
    }

    @Test
    void everySuccessfulReplyRoundTrips() throws Exception {
        int seq = 1;
        for (Samples.Exchange e : Samples.replies()) {
            int s = seq++;
            ByteBuffer wire = ControlCodec.encodeReply(s, Status.OK, e.body());
            var reply = assertInstanceOf(ControlCodec.Outgoing.Reply.class, ControlCodec.decodeOutgoing(Samples.wrap(Samples.bytes(wire))));
            assertEquals(s, reply.seq());
            assertEquals(Status.OK, reply.status());
            assertEquals(e.body(), ControlCodec.replyBody(e.request(), reply.body()), e::toString);
        }
    }

    @Test
    void errorRepliesCarryOnlyTheStatus() throws Exception {
        for (Status s : Status.values()) {
            if (s.isOk()) continue;
            ByteBuffer wire = ControlCodec.encodeReply(-9, s, Samples.maxChannels()); // the body is not sent
            assertEquals(12, wire.remaining(), s::name);
            var reply = assertInstanceOf(ControlCodec.Outgoing.Reply.class, ControlCodec.decodeOutgoing(wire));
            assertEquals(-9, reply.seq());
            assertSame(s, reply.status());
        }
    }

    @Test
    void unknownReplyStatusDecodesAsProtocolError() throws Exception {
        ByteBuffer wire = new Samples.Raw().i32(ControlCodec.OP_REPLY).i32(5).i32(999).done();
        var reply = assertInstanceOf(ControlCodec.Outgoing.Reply.class, ControlCodec.decodeOutgoing(wire));
        assertSame(Status.PROTOCOL_ERROR, reply.status());
    }

    @Test
    void everyEventRoundTrips() throws Exception {
        for (KernelEvent ev : Samples.events()) {
            ByteBuffer wire = ControlCodec.encodeEvent(ev);
            assertEquals(0, wire.getInt(4), "events carry seq 0");
            var out = assertInstanceOf(ControlCodec.Outgoing.Event.class, ControlCodec.decodeOutgoing(Samples.wrap(Samples.bytes(wire))));
            assertEquals(ev, out.event(), ev::toString);
        }
    }

    @Test
    void unknownStatusInsideMessagesDecodesAsProtocolError() throws Exception {
        ByteBuffer closed = new Samples.Raw().i32(102).i32(0).i32(4).i32(-3).done();
        var ev = assertInstanceOf(ControlCodec.Outgoing.Event.class, ControlCodec.decodeOutgoing(closed));
        assertEquals(new KernelEvent.ChannelClosed(4, Status.PROTOCOL_ERROR), ev.event());
        ByteBuffer close = new Samples.Raw().i32(12).i32(1).i32(4).i32(4242).done();
        assertEquals(new KernelRequest.CloseChannel(4, Status.PROTOCOL_ERROR), ControlCodec.decodeRequest(close).request());
    }

    @Test
    void decodingStartsAtTheBufferPosition() throws Exception {
        byte[] wire = Samples.bytes(ControlCodec.encodeRequest(3, new KernelRequest.Kill(8, true)));
        ByteBuffer padded = ByteBuffer.allocateDirect(wire.length + 5);
        padded.put(new byte[5]).put(wire).flip().position(5);
        assertEquals(new ControlCodec.Incoming(3, new KernelRequest.Kill(8, true)), ControlCodec.decodeRequest(padded));
    }

    @Test
    void decodedListsAreImmutable() throws Exception {
        var in = ControlCodec.decodeRequest(ControlCodec.encodeRequest(1, new KernelRequest.Spawn(Samples.SPEC)));
        ProcessSpec spec = ((KernelRequest.Spawn) in.request()).spec();
        assertThrows(UnsupportedOperationException.class, () -> spec.args().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> spec.grants().clear());
    }

    @Test
    void privilegesTextRoundTrips() {
        assertEquals(1, Privileges.SPAWN);
        assertEquals(2, Privileges.INSPECT);
        assertEquals(4, Privileges.CONSOLE);
        for (int p = 0; p <= Privileges.ALL; p++) {
            assertTrue(Privileges.isValid(p));
            assertEquals(p, Privileges.parse(Privileges.toString(p)), Privileges.toString(p));
            assertEquals(p, Privileges.parse(Privileges.toString(p).replace('|', ',')));
        }
        assertEquals("none", Privileges.toString(0));
        assertEquals("spawn|inspect|console", Privileges.toString(Privileges.ALL));
        assertEquals(Privileges.ALL, Privileges.parse("all"));
        assertEquals(0, Privileges.parse(""));
        assertEquals(Privileges.SPAWN | Privileges.CONSOLE, Privileges.parse(" spawn , console "));
    }

    @Test
    void privilegesRejectUnknownBitsAndNames() {
        for (int bit = 3; bit < 32; bit++) assertFalse(Privileges.isValid(1 << bit), "bit " + bit);
        assertFalse(Privileges.isValid(-1));
        for (String bad : new String[] {"root", "spawn|kill", "spawn inspect"}) {
            assertThrows(IllegalArgumentException.class, () -> Privileges.parse(bad), bad);
        }
    }
}
