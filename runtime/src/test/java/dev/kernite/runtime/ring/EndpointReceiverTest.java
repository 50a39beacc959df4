package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.kernite.abi.ChannelLayout.KIND_SEND;
import static org.junit.jupiter.api.Assertions.*;

/** One server thread, many channels: fairness, sleeping and waking, channel churn. */
class EndpointReceiverTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** Spin and yield little, so the server and clients sleep on futexes often. */
    private static final WaitStrategy SLEEPY = new WaitStrategy(1_000, 1, 20_000_000);

    @Test
    void fourClientsOneServerEveryCallCompletes() {
        runClients(4, 25_000, WaitStrategy.DEFAULT, true);
    }

    @Test
    void noLostWakeUpsWhenEveryoneSleepsAtOnce() {
        runClients(4, 5_000, WaitStrategy.SLEEP, false);
    }

    @Test
    void noLostWakeUpsWithShortSpins() {
        runClients(4, 10_000, SLEEPY, true);
    }

    /**
     * {@code clients} threads each make {@code calls} calls on their own channel to one server thread, which
     * answers each with the caller's badge and the next sequence number. Pauses now and then send the server to
     * sleep on the doorbell.
     */
    private static void runClients(int clients, int calls, WaitStrategy wait, boolean pauses) {
        try (TestEndpoint endpoint = new TestEndpoint()) {
            List<TestChannel> channels = new ArrayList<>();
            BlockingQueue<ServerRings> closed = new LinkedBlockingQueue<>();
            EndpointReceiver receiver = new EndpointReceiver(endpoint.serverDoorbell, closed::add);
            for (int i = 0; i < clients; i++) {
                TestChannel ch = TestChannel.create(ChannelGeometry.of(256, 4, 1), endpoint);
                channels.add(ch);
                receiver.add(ch.server(1000 + i));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread server = Thread.ofPlatform().daemon().name("server").start(() -> serve(receiver, wait, stop, failure));
            assertTimeoutPreemptively(LIMIT, () -> {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    ClientRings client = channels.get(i).client();
                    long badge = 1000 + i;
                    threads.add(Thread.ofPlatform().daemon().start(() -> callMany(client, badge, calls, wait, pauses, failure)));
                }
                for (Thread t : threads) {
                    while (!t.join(Duration.ofMillis(100))) {
                        if (failure.get() != null) throw new AssertionError(failure.get());
                    }
                }
                stop.set(true);
                receiver.wakeup();
                server.join();
            });
            assertNull(failure.get());
            assertTrue(closed.isEmpty());
            channels.forEach(TestChannel::close);
        }
    }

    private static void serve(EndpointReceiver receiver, WaitStrategy wait, AtomicBoolean stop,
                              AtomicReference<Throwable> failure) {
        Message m = new Message();
        try {
            while (!stop.get()) {
                Status st = receiver.receive(m, 50_000_000, wait);
                if (st == Status.TIMED_OUT) continue;
                if (st != Status.OK) throw new AssertionError("receive: " + st);
                long seq = m.getLong(0);
                long badge = m.badge();
                m.clear().putLong(0, seq + 1).putLong(8, badge);
                if ((st = receiver.reply(m)) != Status.OK) throw new AssertionError("reply: " + st);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static void callMany(ClientRings client, long badge, int calls, WaitStrategy wait, boolean pauses,
                                 AtomicReference<Throwable> failure) {
        Message req = new Message();
        Message reply = new Message();
        try {
            for (long seq = 0; seq < calls && failure.get() == null; seq++) {
                req.clear().putLong(0, seq);
                Status st = client.call(req, reply, -1, wait);
                if (st != Status.OK) throw new AssertionError("call " + seq + ": " + st);
                if (reply.getLong(0) != seq + 1 || reply.getLong(8) != badge) {
                    throw new AssertionError("wrong reply at " + seq + " for badge " + badge);
                }
                if (pauses && seq % 2_500 == 0) Thread.sleep(2);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    @Test
    void channelsAreServedRoundRobin() {
        try (TestEndpoint endpoint = new TestEndpoint()) {
            EndpointReceiver receiver = new EndpointReceiver(endpoint.serverDoorbell, c -> fail());
            List<TestChannel> channels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TestChannel ch = TestChannel.create(ChannelGeometry.of(128, 4, 1), endpoint);
                channels.add(ch);
                receiver.add(ch.server(i));
                ClientRings client = ch.client();
                for (int k = 0; k < 3; k++) assertEquals(Status.OK, client.trySend(KIND_SEND, new Message(), 0));
            }
            Message in = new Message();
            for (int k = 0; k < 9; k++) {
                assertEquals(Status.OK, receiver.receive(in, 0, WaitStrategy.DEFAULT));
                assertEquals(k % 3, in.badge(), "message " + k);
            }
            assertEquals(Status.WOULD_BLOCK, receiver.receive(in, 0, WaitStrategy.DEFAULT));
            channels.forEach(TestChannel::close);
        }
    }

    @Test
    void aChannelAddedWhileTheReceiverSleepsIsServed() throws Exception {
        try (TestEndpoint endpoint = new TestEndpoint();
             TestChannel ch = TestChannel.create(ChannelGeometry.defaults(), endpoint)) {
            EndpointReceiver receiver = new EndpointReceiver(endpoint.serverDoorbell, c -> fail());
            BlockingQueue<Long> got = new LinkedBlockingQueue<>();
            Thread server = Thread.ofPlatform().daemon().start(() -> {
                Message in = new Message();
                if (receiver.receive(in, 10_000_000_000L, WaitStrategy.SLEEP) == Status.OK) got.add(in.badge());
            });
            Thread.sleep(50);                                       // the receiver is asleep with no channels
            receiver.add(ch.server(77));
            assertEquals(Status.OK, ch.client().trySend(KIND_SEND, new Message(), 0));
            assertEquals(77L, got.poll(5, TimeUnit.SECONDS));
            server.join();
        }
    }

    @Test
    void aClosedChannelIsRemovedAndReportedOnce() throws Exception {
        try (TestEndpoint endpoint = new TestEndpoint();
             TestChannel a = TestChannel.create(ChannelGeometry.defaults(), endpoint);
             TestChannel b = TestChannel.create(ChannelGeometry.defaults(), endpoint)) {
            BlockingQueue<ServerRings> closed = new LinkedBlockingQueue<>();
            EndpointReceiver receiver = new EndpointReceiver(endpoint.serverDoorbell, closed::add);
            ServerRings sa = a.server(1);
            receiver.add(sa);
            receiver.add(b.server(2));
            BlockingQueue<Long> got = new LinkedBlockingQueue<>();
            Thread server = Thread.ofPlatform().daemon().start(() -> {
                Message in = new Message();
                if (receiver.receive(in, 10_000_000_000L, WaitStrategy.SLEEP) == Status.OK) got.add(in.badge());
            });
            Thread.sleep(50);
            a.client().close(Status.CHANNEL_CLOSED, ChannelLayout.BY_CLIENT);
            assertSame(sa, closed.poll(5, TimeUnit.SECONDS), "the sleeping receiver notices at once");
            assertEquals(Status.CHANNEL_CLOSED, sa.state());
            assertEquals(1, receiver.channels().length);
            assertEquals(Status.OK, b.client().trySend(KIND_SEND, new Message(), 0));
            assertEquals(2L, got.poll(5, TimeUnit.SECONDS));
            server.join();
            assertTrue(closed.isEmpty());
        }
    }

    @Test
    void replyToADeadChannelReportsIt() {
        try (TestChannel ch = TestChannel.create()) {
            List<ServerRings> closed = new ArrayList<>();
            EndpointReceiver receiver = new EndpointReceiver(ch.endpoint.serverDoorbell, closed::add);
            ServerRings server = ch.server(1);
            receiver.add(server);
            ClientRings client = ch.client();
            assertEquals(Status.OK, client.trySend(ChannelLayout.KIND_CALL, new Message(), client.nextCallId()));
            Message in = new Message();
            assertEquals(Status.OK, receiver.receive(in, 0, WaitStrategy.DEFAULT));
            ch.kernelClose(Status.PEER_DIED);
            assertEquals(Status.PEER_DIED, receiver.reply(in));
            assertEquals(List.of(server), closed);
            assertEquals(0, receiver.channels().length);
            assertEquals(Status.BAD_STATE, receiver.reply(in));
        }
    }

    @Test
    void removeAndInterrupt() throws Exception {
        try (TestChannel ch = TestChannel.create()) {
            EndpointReceiver receiver = new EndpointReceiver(ch.endpoint.serverDoorbell, c -> fail());
            ServerRings server = ch.server(1);
            receiver.add(server);
            assertTrue(receiver.remove(server));
            assertFalse(receiver.remove(server));
            AtomicReference<Status> result = new AtomicReference<>();
            Thread t = Thread.ofPlatform().daemon().start(() -> result.set(receiver.receive(new Message(), -1, WaitStrategy.DEFAULT)));
            Thread.sleep(50);
            t.interrupt();
            t.join(5_000);
            assertEquals(Status.INTERRUPTED, result.get());
        }
    }
}
