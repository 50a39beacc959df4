package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static dev.kernite.abi.ChannelLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * One side honest, the other writing whatever it likes into its mapping. The honest side must answer
 * PROTOCOL_ERROR (and close the channel) or a closed status — never throw, never hang, never hand out garbage.
 */
class HostilePeerTest {
    private static final ChannelGeometry SMALL = ChannelGeometry.of(128, 4, 1);
    /** One more than SMALL's largest payload (128-byte slots carry 112 bytes). */
    private static final int TOO_LONG = 128 - SLOT_HEADER + 1;

    /** The hostile client writes request slot {@code count} and publishes tail {@code count + 1}. */
    private static void rawRequest(TestChannel ch, long count, int length, int kind, int callId) {
        MemorySegment s = ch.clientView;
        long slot = ch.geometry.requestSlot(count);
        s.set(Shm.INT, slot + SLOT_LENGTH, length);
        s.set(Shm.INT, slot + SLOT_KIND, kind);
        s.set(Shm.INT, slot + SLOT_CALL_ID, callId);
        Shm.setLongRelease(s, REQ_TAIL_OFFSET, count + 1);
    }

    /** The hostile server writes reply slot {@code count} and publishes tail {@code count + 1}. */
    private static void rawReply(TestChannel ch, long count, int length, int kind, int callId) {
        MemorySegment s = ch.serverView;
        long slot = ch.geometry.replySlot(count);
        s.set(Shm.INT, slot + SLOT_LENGTH, length);
        s.set(Shm.INT, slot + SLOT_KIND, kind);
        s.set(Shm.INT, slot + SLOT_CALL_ID, callId);
        Shm.setLongRelease(s, REP_TAIL_OFFSET, count + 1);
    }

    @Test
    void smallGeometryIsWhatTheBoundsAssume() {
        assertEquals(TOO_LONG - 1, SMALL.maxPayload());
    }

    private static void assertClosedByProtocolError(TestChannel ch, int by) {
        assertEquals(Status.PROTOCOL_ERROR, ChannelState.read(ch.serverView));
        assertEquals(by, ChannelState.closedBy(ch.serverView));
    }

    // ---- hostile client, honest server -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {5, 100, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void requestTailOutsideTheRing(long tail) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ServerRings server = ch.server(1);
            ch.clientView.set(Shm.LONG, REQ_TAIL_OFFSET, tail);
            assertEquals(Status.PROTOCOL_ERROR, server.poll(new Message()));
            assertClosedByProtocolError(ch, BY_SERVER);
        }
    }

    @Test
    void requestTailMovingBackwards() {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ServerRings server = ch.server(1);
            for (int i = 0; i < 3; i++) rawRequest(ch, i, 0, KIND_SEND, 0);
            Message in = new Message();
            for (int i = 0; i < 3; i++) assertEquals(Status.OK, server.poll(in));
            ch.clientView.set(Shm.LONG, REQ_TAIL_OFFSET, 2);
            assertEquals(Status.PROTOCOL_ERROR, server.poll(in));
            assertClosedByProtocolError(ch, BY_SERVER);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, TOO_LONG, 4096, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void requestLengthOutOfBounds(int length) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ServerRings server = ch.server(1);
            rawRequest(ch, 0, length, KIND_CALL, 1);
            Message in = new Message().setLabel(99);
            assertEquals(Status.PROTOCOL_ERROR, server.poll(in));
            assertEquals(99, in.label(), "nothing was delivered");
            assertClosedByProtocolError(ch, BY_SERVER);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, KIND_REPLY, 4, -1, 0x7fffffff})
    void requestKindUnknown(int kind) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ServerRings server = ch.server(1);
            rawRequest(ch, 0, 8, kind, 1);
            assertEquals(Status.PROTOCOL_ERROR, server.poll(new Message()));
            assertClosedByProtocolError(ch, BY_SERVER);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 8, 9, 15, 1000})
    void stateWordGarbageReadsAsClosed(int word) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ServerRings server = ch.server(1);
            EndpointReceiver receiver = new EndpointReceiver(ch.endpoint.serverDoorbell, c -> {});
            receiver.add(server);
            ch.clientView.set(Shm.INT, STATE_OFFSET, word);
            Status st = server.poll(new Message());
            assertTrue(ChannelState.isClosingReason(st), () -> "state " + word + " read as " + st);
            assertEquals(Status.TIMED_OUT, receiver.receive(new Message(), 1_000_000, WaitStrategy.DEFAULT));
            assertEquals(0, receiver.channels().length, "the receiver dropped the channel");
        }
    }

    @Test
    void headerRewrittenAfterOpenDoesNotChangeIndexingAndIsCaught() {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ServerRings server = ch.server(1);
            ClientRings client = ch.client();
            ch.clientView.set(Shm.INT, REQ_SLOTS_OFFSET, 4096);
            ch.clientView.set(Shm.INT, SLOT_SIZE_OFFSET, 65536);
            Message m = new Message();
            for (int i = 0; i < 10; i++) {
                assertEquals(Status.OK, client.trySend(KIND_SEND, m.setLabel(i), 0));
                assertEquals(Status.OK, server.poll(m));
                assertEquals(i, m.label());
            }
            assertEquals(Status.PROTOCOL_ERROR, server.verifyHeader());
            assertClosedByProtocolError(ch, BY_SERVER);
        }
    }

    @Test
    void moreOutstandingCallsThanReplySlots() {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ServerRings server = ch.server(1);
            rawRequest(ch, 0, 0, KIND_CALL, 1);
            rawRequest(ch, 1, 0, KIND_CALL, 2);
            Message a = new Message();
            Message b = new Message();
            assertEquals(Status.OK, server.poll(a));
            assertEquals(Status.OK, server.poll(b));
            assertEquals(Status.OK, server.reply(a));
            assertEquals(Status.PROTOCOL_ERROR, server.reply(b), "the one reply slot is still full");
            assertClosedByProtocolError(ch, BY_SERVER);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 2, Long.MAX_VALUE})
    void replyHeadOutsideWhatTheServerProduced(long head) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ServerRings server = ch.server(1);
            rawRequest(ch, 0, 0, KIND_CALL, 1);
            rawRequest(ch, 1, 0, KIND_CALL, 2);
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            assertEquals(Status.OK, server.reply(in));
            ch.clientView.set(Shm.LONG, REP_HEAD_OFFSET, head);
            assertEquals(Status.OK, server.poll(in));
            assertEquals(Status.PROTOCOL_ERROR, server.reply(in));
            assertClosedByProtocolError(ch, BY_SERVER);
        }
    }

    // ---- hostile server, honest client -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {2, 1000, -1, Long.MIN_VALUE})
    void replyTailOutsideTheRing(long tail) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ClientRings client = ch.client();
            assertEquals(Status.OK, client.trySend(KIND_CALL, new Message(), 1));
            ch.serverView.set(Shm.LONG, REP_TAIL_OFFSET, tail);
            assertEquals(Status.PROTOCOL_ERROR, client.pollReply(new Message(), 1));
            assertClosedByProtocolError(ch, BY_CLIENT);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, -1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void replyWithACallIdThatWasNeverSent(int callId) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ClientRings client = ch.client();
            assertEquals(Status.OK, client.trySend(KIND_CALL, new Message(), 1));
            rawReply(ch, 0, 0, KIND_REPLY, callId);
            Message reply = new Message().setLabel(99);
            assertEquals(Status.PROTOCOL_ERROR, client.pollReply(reply, 1));
            assertEquals(99, reply.label());
            assertClosedByProtocolError(ch, BY_CLIENT);
        }
    }

    @Test
    void replyWhenNoCallIsOutstanding() {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ClientRings client = ch.client();
            rawReply(ch, 0, 0, KIND_REPLY, 1);
            assertEquals(Status.PROTOCOL_ERROR, client.pollReply(new Message(), 1));
            assertClosedByProtocolError(ch, BY_CLIENT);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, TOO_LONG, Integer.MAX_VALUE})
    void replyLengthOutOfBounds(int length) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ClientRings client = ch.client();
            assertEquals(Status.OK, client.trySend(KIND_CALL, new Message(), 1));
            rawReply(ch, 0, length, KIND_REPLY, 1);
            assertEquals(Status.PROTOCOL_ERROR, client.pollReply(new Message(), 1));
            assertClosedByProtocolError(ch, BY_CLIENT);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, KIND_CALL, KIND_SEND, 77})
    void replyKindWrong(int kind) {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ClientRings client = ch.client();
            assertEquals(Status.OK, client.trySend(KIND_CALL, new Message(), 1));
            rawReply(ch, 0, 0, kind, 1);
            assertEquals(Status.PROTOCOL_ERROR, client.pollReply(new Message(), 1));
            assertClosedByProtocolError(ch, BY_CLIENT);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 5, Long.MAX_VALUE})
    void requestHeadOutsideWhatTheClientProduced(long head) {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(128, 1, 1))) {
            ClientRings client = ch.client();
            assertEquals(Status.OK, client.trySend(KIND_SEND, new Message(), 0));
            ch.serverView.set(Shm.LONG, REQ_HEAD_OFFSET, head);
            assertEquals(Status.PROTOCOL_ERROR, client.trySend(KIND_SEND, new Message(), 0));
            assertClosedByProtocolError(ch, BY_CLIENT);
        }
    }

    @Test
    void aBadReplyEndsABlockedCall() {
        try (TestChannel ch = TestChannel.create(SMALL)) {
            ClientRings client = ch.client();
            AtomicReference<Status> result = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().daemon().start(
                () -> result.set(client.call(new Message(), new Message(), -1, WaitStrategy.DEFAULT)));
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                while (ch.serverView.get(Shm.LONG, REQ_TAIL_OFFSET) == 0) Thread.sleep(1);
                rawReply(ch, 0, -5, KIND_REPLY, 1);                 // no wake: the client finds it within a slice
                caller.join();
            });
            assertEquals(Status.PROTOCOL_ERROR, result.get());
        }
    }
}
