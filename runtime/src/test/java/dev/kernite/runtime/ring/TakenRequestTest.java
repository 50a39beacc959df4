package dev.kernite.runtime.ring;

import static dev.kernite.abi.ChannelLayout.KIND_CALL;
import static dev.kernite.abi.ChannelLayout.KIND_SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.api.Test;

/**
 * The request head as a client whose server died reads it (ServiceClient's RETRY_UNSAFE decision): a CALL the
 * server took is visible in the head at once; one not taken is not; one-way messages may still be batched.
 */
class TakenRequestTest {

    @Test
    void aTakenCallIsPublishedAtOnce() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            Message in = new Message();
            for (int i = 0; i < 3; i++) {
                assertEquals(Status.OK, client.trySend(KIND_CALL, new Message().setLabel(i), client.nextCallId()));
                assertEquals(client.requestsSent() - 1, client.requestHead(), "not taken yet");
                assertEquals(Status.OK, server.poll(in));
                assertEquals(client.requestsSent(), client.requestHead(), "taken: the head passed it before the service acts");
                assertEquals(Status.OK, server.reply(in.setLength(0)));
                assertEquals(Status.OK, client.pollReply(new Message(), client.nextCallId() - 1));
            }
        }
    }

    @Test
    void aCallBehindOneWayMessagesIsPublishedWithThem() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            Message in = new Message();
            for (int i = 0; i < 3; i++) assertEquals(Status.OK, client.trySend(KIND_SEND, new Message(), 0));
            for (int i = 0; i < 3; i++) assertEquals(Status.OK, server.poll(in));
            assertEquals(0, client.requestHead(), "one-way messages are published in batches");
            assertEquals(Status.OK, client.trySend(KIND_CALL, new Message(), client.nextCallId()));
            assertEquals(Status.OK, server.poll(in));
            assertEquals(4, client.requestHead());
            assertEquals(4, client.requestsSent());
        }
    }
}
