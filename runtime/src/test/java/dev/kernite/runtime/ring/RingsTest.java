package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.api.Test;

import static dev.kernite.abi.ChannelLayout.KIND_CALL;
import static dev.kernite.abi.ChannelLayout.KIND_SEND;
import static org.junit.jupiter.api.Assertions.*;

/** ClientRings and ServerRings on one thread: what each operation returns, and what crosses the channel. */
class RingsTest {

    @Test
    void aRequestArrivesWithLabelPayloadBadgeAndToken() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(0xBADL);
            Message m = new Message().setLabel(17).setPayload(new byte[] {9, 8, 7});
            m.setBadge(1234);
            assertEquals(Status.OK, client.trySend(KIND_SEND, m, 0));
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            assertEquals(17, in.label());
            assertArrayEquals(new byte[] {9, 8, 7}, in.bytes());
            assertEquals(0xBADL, in.badge(), "the badge comes from the server's record, not the sender");
            assertFalse(in.expectsReply(), "a send expects no reply");
            assertSame(server, in.replyToken().channel());
            assertEquals(Status.BAD_STATE, server.reply(in));
            assertEquals(Status.WOULD_BLOCK, server.poll(in));
        }
    }

    @Test
    void aCallGetsItsReply() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            int id = client.nextCallId();
            Message req = new Message().setLabel(3).putLong(0, 99);
            assertEquals(Status.OK, client.trySend(KIND_CALL, req, id));
            Message reply = new Message();
            assertEquals(Status.WOULD_BLOCK, client.pollReply(reply, id));
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            assertTrue(in.expectsReply());
            in.setLabel(4).putLong(0, in.getLong(0) + 1);
            assertEquals(Status.OK, server.reply(in));
            assertEquals(Status.OK, client.pollReply(reply, id));
            assertEquals(4, reply.label());
            assertEquals(100, reply.getLong(0));
            assertEquals(8, reply.length());
            assertEquals(Status.OK, reply.status());
        }
    }

    @Test
    void requestRingFullIsBackPressure() {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(128, 4, 1))) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            Message m = new Message();
            for (int i = 0; i < 4; i++) assertEquals(Status.OK, client.trySend(KIND_SEND, m.setLabel(i), 0));
            assertEquals(Status.WOULD_BLOCK, client.trySend(KIND_SEND, m, 0));
            assertEquals(Status.WOULD_BLOCK, client.send(m, 0, WaitStrategy.DEFAULT));
            assertEquals(Status.TIMED_OUT, client.send(m, 1_000_000, WaitStrategy.DEFAULT));
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            assertEquals(0, in.label());
            assertEquals(Status.OK, client.trySend(KIND_SEND, m.setLabel(4), 0));
            for (int i = 1; i <= 4; i++) {
                assertEquals(Status.OK, server.poll(in));
                assertEquals(i, in.label());
            }
        }
    }

    @Test
    void payloadLargerThanTheSlotIsRefusedLocally() {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(128, 4, 1))) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            Message m = new Message().setLength(113);
            assertEquals(Status.MESSAGE_TOO_LARGE, client.trySend(KIND_SEND, m, 0));
            assertEquals(Status.OK, client.trySend(KIND_CALL, m.setLength(112), client.nextCallId()));
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            in.setLength(113);
            assertEquals(Status.MESSAGE_TOO_LARGE, server.reply(in));
            assertTrue(in.expectsReply(), "the token survives so a smaller reply can follow");
            assertEquals(Status.OK, server.reply(in.setLength(0)));
            assertEquals(Status.OK, client.state());
        }
    }

    @Test
    void callTimesOutAndTheLateReplyIsSkipped() {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(128, 4, 2))) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            Message req = new Message().setLabel(1);
            Message reply = new Message();
            assertEquals(Status.TIMED_OUT, client.call(req, reply, 1_000_000, WaitStrategy.DEFAULT));
            assertEquals(Status.TIMED_OUT, reply.status());
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            assertEquals(Status.OK, server.reply(in.setLabel(-1)));           // late reply to call 1
            Thread answerer = Thread.ofPlatform().daemon().start(() -> {
                Message in2 = new Message();
                while (server.poll(in2) != Status.OK) Thread.onSpinWait();
                server.reply(in2.setLabel(in2.label() * 10));
            });
            assertEquals(Status.OK, client.call(req.setLabel(2), reply, 5_000_000_000L, WaitStrategy.DEFAULT));
            assertEquals(20, reply.label());
            assertDoesNotThrow(() -> answerer.join());
        }
    }

    @Test
    void abandonedCallsNeverOverflowTheReplyRing() {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(128, 8, 2))) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            Message req = new Message();
            Message reply = new Message();
            assertEquals(Status.TIMED_OUT, client.call(req.setLabel(1), reply, 100_000, WaitStrategy.DEFAULT));
            assertEquals(Status.TIMED_OUT, client.call(req.setLabel(2), reply, 100_000, WaitStrategy.DEFAULT));
            // Two calls owe replies and the reply ring has two slots: a third must wait until one is answered.
            assertEquals(Status.WOULD_BLOCK, client.trySend(KIND_CALL, req, client.nextCallId()));
            assertEquals(Status.TIMED_OUT, client.call(req.setLabel(3), reply, 1_000_000, WaitStrategy.DEFAULT));
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            assertEquals(1, in.label());
            assertEquals(Status.OK, server.reply(in));
            int id4 = client.nextCallId();
            assertEquals(Status.OK, client.trySend(KIND_CALL, req.setLabel(4), id4));
            for (int label : new int[] {2, 4}) {                         // call 3 never left: it timed out first
                assertEquals(Status.OK, server.poll(in));
                assertEquals(label, in.label());
                assertEquals(Status.OK, server.reply(in), "label " + label);
            }
            assertEquals(Status.OK, client.pollReply(reply, id4), "the late reply to call 2 is skipped");
            assertEquals(4, reply.label());
            assertEquals(Status.OK, client.state());
            assertEquals(Status.OK, server.state());
        }
    }

    @Test
    void closeIsFirstCloserWinsAndVisibleOnBothSides() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            assertEquals(0, client.closedBy());
            assertTrue(server.close(Status.CHANNEL_CLOSED, ChannelLayout.BY_SERVER));
            assertFalse(client.close(Status.PEER_DIED, ChannelLayout.BY_CLIENT));
            assertEquals(Status.CHANNEL_CLOSED, client.state());
            assertEquals(ChannelLayout.BY_SERVER, client.closedBy());
            Message m = new Message();
            assertEquals(Status.CHANNEL_CLOSED, client.trySend(KIND_SEND, m, 0));
            assertEquals(Status.CHANNEL_CLOSED, client.call(m, m, -1, WaitStrategy.DEFAULT));
            assertEquals(Status.CHANNEL_CLOSED, server.poll(m));
            assertThrows(IllegalArgumentException.class, () -> client.close(Status.OK, ChannelLayout.BY_CLIENT));
            assertThrows(IllegalArgumentException.class, () -> client.close(Status.PEER_DIED, 7));
        }
    }

    @Test
    void replyOnAClosedChannelReportsTheClosingStatus() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            assertEquals(Status.OK, client.trySend(KIND_CALL, new Message(), client.nextCallId()));
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            ch.kernelClose(Status.PEER_DIED);
            assertEquals(Status.PEER_DIED, server.reply(in));
            assertFalse(in.expectsReply());
            assertEquals(ChannelLayout.BY_KERNEL, server.closedBy());
        }
    }

    @Test
    void messagesCrossWrapAroundManyTimes() {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(256, 2, 1))) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            int max = ch.geometry.maxPayload();
            Message out = new Message();
            Message in = new Message();
            for (long seq = 0; seq < 10_000; seq++) {
                Payloads.fill(out, seq, max);
                int id = client.nextCallId();
                assertEquals(Status.OK, client.trySend(KIND_CALL, out, id));
                assertEquals(Status.OK, server.poll(in));
                assertNull(Payloads.check(in, seq, max));
                assertEquals(Status.OK, server.reply(in));
                assertEquals(Status.OK, client.pollReply(out, id));
                assertNull(Payloads.check(out, seq, max));
            }
        }
    }
}
