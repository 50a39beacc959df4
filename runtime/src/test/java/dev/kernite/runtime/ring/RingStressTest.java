package dev.kernite.runtime.ring;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two threads over two mappings of one channel, as two processes would be, moving a million messages each way
 * with varying lengths; every label, length and byte is checked, so a lost, doubled, reordered or torn message
 * fails the test. Small geometries force wrap-around, full rings and sleeps on every few messages.
 */
class RingStressTest {
    private static final int MESSAGES = 1_000_000;
    private static final Duration LIMIT = Duration.ofSeconds(120);

    static Stream<ChannelGeometry> geometries() {
        return Stream.of(ChannelGeometry.defaults(), ChannelGeometry.of(128, 1, 1), ChannelGeometry.of(512, 4, 2));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void requestRingCarriesAMillionSends(ChannelGeometry geometry) {
        try (TestChannel ch = TestChannel.create(geometry)) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(7);
            int max = geometry.maxPayload();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = Thread.ofPlatform().daemon().name("producer").start(() -> {
                try {
                    Message m = new Message();
                    for (long seq = 0; seq < MESSAGES; seq++) {
                        Payloads.fill(m, seq, max);
                        Status st = client.send(m, -1, WaitStrategy.DEFAULT);
                        if (st != Status.OK) throw new AssertionError("send " + seq + ": " + st);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            assertTimeoutPreemptively(LIMIT, () -> consume(ch, server, max, failure));
            assertDoesNotThrow(() -> producer.join());
            assertNull(failure.get());
        }
    }

    private static void consume(TestChannel ch, ServerRings server, int max, AtomicReference<Throwable> failure) {
        EndpointReceiver receiver = new EndpointReceiver(ch.endpoint.serverDoorbell, c -> fail("closed: " + c));
        receiver.add(server);
        Message in = new Message();
        for (long seq = 0; seq < MESSAGES && failure.get() == null; seq++) {
            assertEquals(Status.OK, receiver.receive(in, -1, WaitStrategy.DEFAULT));
            String wrong = Payloads.check(in, seq, max);
            if (wrong != null) fail(wrong);
            assertEquals(7, in.badge());
        }
        assertEquals(Status.WOULD_BLOCK, server.poll(in));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void callsAndRepliesRoundTripAMillionTimes(ChannelGeometry geometry) {
        try (TestChannel ch = TestChannel.create(geometry)) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(7);
            int max = geometry.maxPayload();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread echo = Thread.ofPlatform().daemon().name("echo").start(() -> echoUntilClosed(ch, server, max, failure));
            assertTimeoutPreemptively(LIMIT, () -> {
                Message req = new Message();
                Message reply = new Message();
                for (long seq = 0; seq < MESSAGES && failure.get() == null; seq++) {
                    Payloads.fill(req, seq, max);
                    assertEquals(Status.OK, client.call(req, reply, -1, WaitStrategy.DEFAULT));
                    String wrong = Payloads.check(reply, seq + 1, max);
                    if (wrong != null) fail(wrong);
                }
                client.close(Status.CHANNEL_CLOSED, dev.kernite.abi.ChannelLayout.BY_CLIENT);
                echo.join();
            });
            assertNull(failure.get());
        }
    }

    /** Checks each request and answers with the message for the next sequence number. */
    private static void echoUntilClosed(TestChannel ch, ServerRings server, int max, AtomicReference<Throwable> failure) {
        try {
            boolean[] closed = {false};
            EndpointReceiver receiver = new EndpointReceiver(ch.endpoint.serverDoorbell, c -> closed[0] = true);
            receiver.add(server);
            Message in = new Message();
            for (long seq = 0; !closed[0]; seq++) {
                Status st = receiver.receive(in, 10_000_000, WaitStrategy.DEFAULT);
                if (st == Status.TIMED_OUT) {
                    seq--;
                    continue;
                }
                if (st != Status.OK) throw new AssertionError("receive: " + st);
                String wrong = Payloads.check(in, seq, max);
                if (wrong != null) throw new AssertionError(wrong);
                Payloads.fill(in, seq + 1, max);
                st = receiver.reply(in);
                if (st != Status.OK) throw new AssertionError("reply " + seq + ": " + st);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }
}
