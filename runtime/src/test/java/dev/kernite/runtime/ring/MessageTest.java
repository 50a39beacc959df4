package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MessageTest {

    @Test
    void putGrowsLengthAndGetReadsLittleEndian() {
        Message m = new Message();
        m.putInt(0, 0x01020304).putLong(4, 0x1122334455667788L);
        assertEquals(12, m.length());
        assertEquals(0x01020304, m.getInt(0));
        assertEquals(0x1122334455667788L, m.getLong(4));
        assertEquals(0x04, m.bytes()[0]);
        m.putInt(0, 7);
        assertEquals(12, m.length(), "writing inside the payload keeps its length");
    }

    @Test
    void getBeyondLengthAndPutBeyondCapacityAreBugs() {
        Message m = new Message().putInt(0, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> m.getInt(1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.getLong(0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.putLong(Message.MAX_PAYLOAD - 7, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.setLength(Message.MAX_PAYLOAD + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.setPayload(new byte[Message.MAX_PAYLOAD + 1]));
        m.putLong(Message.MAX_PAYLOAD - 8, 1);
        assertEquals(Message.MAX_PAYLOAD, m.length());
    }

    @Test
    void payloadCopiesInAndOut() {
        Message m = new Message().setPayload(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, m.bytes());
        assertEquals(3, m.payload().byteSize());
        Message n = new Message().setPayload(m.payload());
        assertArrayEquals(new byte[] {1, 2, 3}, n.bytes());
    }

    @Test
    void clearResetsFieldsButKeepsTheReplyToken() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(42);
            assertEquals(Status.OK, client.trySend(ChannelLayout.KIND_CALL, new Message().setLabel(5).putInt(0, 3),
                                                   client.nextCallId()));
            Message m = new Message();
            assertEquals(Status.OK, server.poll(m));
            m.setStatus(Status.PEER_DIED).clear();
            assertEquals(0, m.label());
            assertEquals(0, m.length());
            assertEquals(0, m.badge());
            assertEquals(Status.OK, m.status());
            assertTrue(m.expectsReply(), "a cleared call can still be answered");
            assertEquals(Status.OK, server.reply(m));
        }
    }

    @Test
    void replyTokenMovesSoACallIsAnsweredOnce() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(42);
            Message req = new Message().setLabel(1);
            assertEquals(Status.OK, client.trySend(ChannelLayout.KIND_CALL, req, client.nextCallId()));
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            assertTrue(in.expectsReply());
            Message out = new Message().takeReplyToken(in);
            assertFalse(in.expectsReply());
            assertTrue(out.expectsReply());
            assertSame(server, out.replyToken().channel());
            assertEquals(Status.BAD_STATE, server.reply(in));
            assertEquals(Status.OK, server.reply(out));
            assertFalse(out.expectsReply());
            assertEquals(Status.BAD_STATE, server.reply(out));
        }
    }
}
