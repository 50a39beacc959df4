package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.sys.Futex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A hostile peer writes random words over the channel — its control lines, the honest side's lines, the slots,
 * and (in some runs) the header — while the honest side keeps working. The honest side must end with the channel
 * closed, report it as a value, and never throw or hang.
 */
class GarbageFuzzTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final long[] CONTROL_WORDS = {
        ChannelLayout.STATE_OFFSET, ChannelLayout.REQ_TAIL_OFFSET, ChannelLayout.SPACE_WAITER_OFFSET,
        ChannelLayout.REQ_HEAD_OFFSET, ChannelLayout.SERVER_SLEEPING_OFFSET, ChannelLayout.REP_TAIL_OFFSET,
        ChannelLayout.REP_HEAD_OFFSET, ChannelLayout.REPLY_WAITER_OFFSET};

    @ParameterizedTest
    @CsvSource({"1, false", "2, false", "3, false", "4, true", "5, true", "6, true"})
    void honestServerSurvivesAGarbageWritingClient(long seed, boolean header) {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(256, 8, 2))) {
            AtomicReference<ServerRings> reported = new AtomicReference<>();
            EndpointReceiver receiver = new EndpointReceiver(ch.endpoint.serverDoorbell, reported::set);
            ServerRings server = ch.server(5);
            receiver.add(server);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread honest = Thread.ofPlatform().daemon().name("server").start(() -> {
                try {
                    Message m = new Message();
                    while (reported.get() == null) {
                        if (receiver.receive(m, 5_000_000, WaitStrategy.DEFAULT) == Status.OK && m.expectsReply()) {
                            receiver.reply(m);
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            assertTimeoutPreemptively(LIMIT, () -> {
                scribble(ch.clientView, ch.geometry, seed, header, honest, ch.endpoint.clientDoorbell);
                honest.join();
            });
            assertNull(failure.get());
            assertSame(server, reported.get());
            checkClosed(server.state(), header);
        }
    }

    @ParameterizedTest
    @CsvSource({"11, false", "12, false", "13, false", "14, true", "15, true", "16, true"})
    void honestClientSurvivesAGarbageWritingServer(long seed, boolean header) {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(256, 8, 2))) {
            ClientRings client = ch.client();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Status> last = new AtomicReference<>();
            Thread honest = Thread.ofPlatform().daemon().name("client").start(() -> {
                try {
                    Message req = new Message().putLong(0, 1);
                    Message reply = new Message();
                    Status st;
                    for (long i = 0; ; i++) {
                        st = i % 3 == 0 ? client.send(req, 2_000_000, WaitStrategy.DEFAULT)
                                        : client.call(req, reply, 2_000_000, WaitStrategy.DEFAULT);
                        if (st != Status.OK && st != Status.TIMED_OUT) break;
                    }
                    last.set(st);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            assertTimeoutPreemptively(LIMIT, () -> {
                scribble(ch.serverView, ch.geometry, seed, header, honest, ch.endpoint.serverDoorbell);
                honest.join();
            });
            assertNull(failure.get());
            checkClosed(last.get(), header);
        }
    }

    @ParameterizedTest
    @CsvSource({"21", "22"})
    void slotsRewrittenWhileTheServerCopiesThem(long seed) {
        try (TestChannel ch = TestChannel.create(ChannelGeometry.of(256, 8, 2))) {
            ClientRings client = ch.client();
            ServerRings server = ch.server(5);
            int max = ch.geometry.maxPayload();
            Thread producer = Thread.ofPlatform().daemon().start(() -> {
                Message m = new Message();
                for (long seq = 0; seq < 200_000; seq++) {
                    Payloads.fill(m, seq, max);
                    if (client.send(m, -1, WaitStrategy.DEFAULT) != Status.OK) return;
                }
            });
            Thread scribbler = Thread.ofPlatform().daemon().start(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                while (producer.isAlive()) {
                    long slot = ch.geometry.requestSlot(r.nextInt(8));
                    long field = r.nextBoolean() ? ChannelLayout.SLOT_LENGTH : ChannelLayout.SLOT_KIND;
                    ch.clientView.set(Shm.INT, slot + field, r.nextInt(1000) == 0 ? -1 : r.nextInt(4) + 1);
                }
            });
            assertTimeoutPreemptively(LIMIT, () -> {
                Message in = new Message();
                Status st;
                while ((st = server.poll(in)) == Status.OK || st == Status.WOULD_BLOCK) {
                    if (st == Status.OK && (in.length() < 0 || in.length() > max)) fail("bad length " + in.length());
                    if (st == Status.WOULD_BLOCK && !producer.isAlive() && server.poll(in) == Status.WOULD_BLOCK) break;
                }
                producer.join();
                scribbler.join();
            });
        }
    }

    private static void checkClosed(Status st, boolean header) {
        if (header) {
            assertTrue(ChannelState.isClosingReason(st), () -> "ended with " + st);
        } else {
            assertEquals(Status.PROTOCOL_ERROR, st);
        }
    }

    /**
     * Writes random words until {@code honest} stops: half into control words, half anywhere past the header
     * (or anywhere at all if {@code header}); values are small, near-miss or wholly random. Rings and wakes now
     * and then so that sleepers look.
     */
    private static void scribble(MemorySegment seg, ChannelGeometry g, long seed, boolean header, Thread honest,
                                 MemorySegment doorbell) throws InterruptedException {
        SplittableRandom r = new SplittableRandom(seed);
        long size = g.segmentSize();
        long from = header ? 0 : ChannelLayout.LINE;
        for (long n = 0; honest.isAlive(); n++) {
            long offset = r.nextBoolean() ? CONTROL_WORDS[r.nextInt(CONTROL_WORDS.length)] : from + r.nextLong((size - from) / 4) * 4;
            if (!header && offset == ChannelLayout.STATE_OFFSET) continue;
            int value = switch (r.nextInt(3)) {
                case 0 -> r.nextInt(-2, 10);
                case 1 -> seg.get(Shm.INT, offset) + r.nextInt(-3, 4);
                default -> r.nextInt();
            };
            seg.set(Shm.INT, offset, value);
            if (n % 64 == 0) {
                Doorbell.ring(doorbell);
                ChannelState.wakeAll(seg);
                Thread.sleep(0, 200_000);
            }
            if (n % 4096 == 0) Futex.wake(seg, ChannelLayout.REQ_TAIL_OFFSET, 1);
        }
    }
}
