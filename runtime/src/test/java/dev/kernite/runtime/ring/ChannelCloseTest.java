package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** A channel closing under a blocked caller: the caller returns the closing status promptly, never hangs. */
class ChannelCloseTest {
    /** A liveness bound, not a performance target: the design says ~20 ms even when no one wakes the waiter. */
    private static final long PROMPT_NANOS = 2_000_000_000L;

    /** Runs {@code op} on a thread, lets it block, runs {@code closer}, and returns the result and the delay. */
    private static Status blockThenClose(Supplier<Status> op, Runnable closer) throws Exception {
        AtomicReference<Status> result = new AtomicReference<>();
        AtomicLong returnedAt = new AtomicLong();
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            result.set(op.get());
            returnedAt.set(System.nanoTime());
        });
        Thread.sleep(100);                                         // well into the futex sleep
        assertNull(result.get(), "still blocked");
        long closedAt = System.nanoTime();
        closer.run();
        t.join(Duration.ofSeconds(10));
        assertFalse(t.isAlive(), "the blocked operation returned");
        long delay = returnedAt.get() - closedAt;
        assertTrue(delay < PROMPT_NANOS, () -> "took " + delay / 1_000_000 + " ms");
        return result.get();
    }

    @Test
    void peerDeathEndsABlockedCall() throws Exception {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            Message reply = new Message();
            Status st = blockThenClose(() -> client.call(new Message(), reply, -1, WaitStrategy.DEFAULT),
                                       () -> ch.kernelClose(Status.PEER_DIED));
            assertEquals(Status.PEER_DIED, st);
            assertEquals(Status.PEER_DIED, reply.status());
            assertEquals(ChannelLayout.BY_KERNEL, client.closedBy());
        }
    }

    @Test
    void aCloseWithoutAWakeIsNoticedWithinASlice() throws Exception {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            Status st = blockThenClose(() -> client.call(new Message(), new Message(), -1, WaitStrategy.DEFAULT),
                                       () -> Shm.compareAndSetInt(ch.serverView, ChannelLayout.STATE_OFFSET, 0,
                                                                  Status.CHANNEL_CLOSED.code()));
            assertEquals(Status.CHANNEL_CLOSED, st);
        }
    }

    @Test
    void peerDeathEndsABlockedSend() throws Exception {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(128, 1, 1))) {
            ClientRings client = ch.client();
            Message m = new Message();
            assertEquals(Status.OK, client.send(m, 0, WaitStrategy.DEFAULT));
            Status st = blockThenClose(() -> client.send(m, -1, WaitStrategy.DEFAULT),
                                       () -> ch.kernelClose(Status.PEER_DIED));
            assertEquals(Status.PEER_DIED, st);
        }
    }

    @Test
    void clientDeathEndsABlockedReceive() throws Exception {
        try (TestChannel ch = TestChannel.create()) {
            AtomicReference<ServerRings> reported = new AtomicReference<>();
            EndpointReceiver receiver = new EndpointReceiver(ch.endpoint.serverDoorbell, reported::set);
            ServerRings server = ch.server(1);
            receiver.add(server);
            Status st = blockThenClose(() -> {
                Status s;
                do {
                    s = receiver.receive(new Message(), 20_000_000, WaitStrategy.DEFAULT);
                } while (reported.get() == null);
                return s;
            }, () -> ch.kernelClose(Status.PEER_DIED));
            assertEquals(Status.TIMED_OUT, st);
            assertSame(server, reported.get());
            assertEquals(Status.PEER_DIED, server.state());
        }
    }

    @Test
    void anInterruptedCallIsAbandonedAndTheChannelStaysUsable() throws Exception {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(1);
            AtomicReference<Status> result = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().daemon().start(
                () -> result.set(client.call(new Message().setLabel(1), new Message(), -1, WaitStrategy.DEFAULT)));
            Thread.sleep(100);
            caller.interrupt();
            caller.join(Duration.ofSeconds(10));
            assertEquals(Status.INTERRUPTED, result.get());
            Message in = new Message();
            assertEquals(Status.OK, server.poll(in));
            assertEquals(Status.OK, server.reply(in.setLabel(-1)));           // the late reply
            Thread answerer = Thread.ofPlatform().daemon().start(() -> {
                Message in2 = new Message();
                while (server.poll(in2) != Status.OK) Thread.onSpinWait();
                server.reply(in2.setLabel(42));
            });
            Message reply = new Message();
            assertEquals(Status.OK, client.call(new Message().setLabel(2), reply, 10_000_000_000L, WaitStrategy.DEFAULT));
            assertEquals(42, reply.label());
            answerer.join();
        }
    }

    @Test
    void aCallTimesOut() {
        try (TestChannel ch = TestChannel.create()) {
            ClientRings client = ch.client();
            Message reply = new Message();
            assertEquals(Status.TIMED_OUT, client.call(new Message(), reply, 30_000_000, WaitStrategy.DEFAULT));
            assertEquals(Status.TIMED_OUT, reply.status());
            assertEquals(Status.OK, client.state());
        }
    }
}
