package dev.kernite.bench.host;

import dev.kernite.bench.report.LatencyStats;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The host's own IPC, measured between this JVM and a {@link PingPongPeer} JVM it spawns: the baselines that
 * {@code ./kernite bench ipc} prints beside Kernite's channels.
 *
 * <ul>
 *   <li>{@link #roundTrip}: a 64-byte message to the peer and back, one at a time; each iteration's
 *       {@link System#nanoTime()} latency is recorded.
 *   <li>{@link #oneWayMsgsPerSec}: 64-byte messages streamed to the peer, one write each, until the peer
 *       acknowledges the total; rate = messages / time from the first write to the acknowledgement.
 * </ul>
 *
 * Every call starts a fresh peer, uses plain blocking I/O, pins nothing, and whatever happens kills the peer by
 * its process handle, waits for it, and deletes any socket file before returning or throwing.
 *
 * <p>Thread safety: immutable configuration; each call owns its own peer and sockets, so calls from different
 * threads do not share state (though concurrent runs would disturb each other's numbers).
 */
public final class HostIpcBench {

    /**
     * Round-trip latency over one transport.
     *
     * @param latency nanoseconds per 64-byte round trip, over the measured (not warm-up) iterations
     */
    public record Result(Transport transport, LatencyStats.Summary latency) {
    }

    /**
     * How peers are started and how long to wait for them.
     *
     * @param launcher       how to start a peer JVM
     * @param connectTimeout how long a peer may take to start and connect
     * @param runTimeout     how long a peer may live in all; past it the peer is killed and the run fails
     */
    public record Config(PeerLauncher launcher, Duration connectTimeout, Duration runTimeout) {

        public Config {
            Objects.requireNonNull(launcher, "launcher");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(runTimeout, "runTimeout");
        }

        /** {@link PeerLauncher#current()}, 30 s to connect, 10 minutes per run. */
        public static Config defaults() {
            return new Config(PeerLauncher.current(), Duration.ofSeconds(30), Duration.ofMinutes(10));
        }
    }

    /** Work done over the connection to a live peer. */
    @FunctionalInterface
    private interface PeerWork<T> {
        T run(SocketChannel ch) throws IOException;
    }

    private final Config config;
    private final Consumer<Process> peerObserver;

    /** A bench with {@link Config#defaults()}. */
    public HostIpcBench() {
        this(Config.defaults());
    }

    public HostIpcBench(Config config) {
        this(config, p -> { });
    }

    /** For tests: {@code peerObserver} sees every peer process right after it starts. */
    HostIpcBench(Config config, Consumer<Process> peerObserver) {
        this.config = Objects.requireNonNull(config, "config");
        this.peerObserver = Objects.requireNonNull(peerObserver, "peerObserver");
    }

    /**
     * Measures {@code iterations} 64-byte round trips over {@code t}, after {@code warmup} unrecorded ones.
     *
     * @throws PeerFailedException when the peer fails to start, connect or echo correctly
     * @throws IOException         when the bench's own sockets fail
     */
    public Result roundTrip(Transport t, int warmup, int iterations) throws IOException {
        LatencyStats stats = new LatencyStats(iterations);
        recordRoundTrips(t, warmup, iterations, stats);
        return new Result(t, stats.summary());
    }

    /**
     * Like {@link #roundTrip} but adds the latencies to {@code into}, so that several rounds (each with a fresh
     * peer) can be summarised together. {@code into} needs room for {@code iterations} more samples; when this
     * throws, {@code into} may hold part of the round.
     */
    public void recordRoundTrips(Transport t, int warmup, int iterations, LatencyStats into) throws IOException {
        checkCounts(warmup, iterations);
        if (into.capacity() - into.count() < iterations) {
            throw new IllegalArgumentException("LatencyStats has room for " + (into.capacity() - into.count())
                    + " samples, need " + iterations);
        }
        withPeer(t, PingPongPeer.Mode.ECHO, ch -> {
            pingPongs(ch, warmup, iterations, into);
            return null;
        });
    }

    /** {@link #oneWayMsgsPerSec(Transport, int, int)} with a warm-up of a tenth of {@code messages}. */
    public double oneWayMsgsPerSec(Transport t, int messages) throws IOException {
        return oneWayMsgsPerSec(t, messages / 10, messages);
    }

    /**
     * Streams {@code warmup} unmeasured then {@code messages} measured 64-byte messages over {@code t}, one
     * write per message, and returns the measured messages per second, up to the peer's acknowledgement.
     *
     * @throws PeerFailedException when the peer fails, or its count differs from what was sent
     * @throws IOException         when the bench's own sockets fail
     */
    public double oneWayMsgsPerSec(Transport t, int warmup, int messages) throws IOException {
        checkCounts(warmup, messages);
        return withPeer(t, PingPongPeer.Mode.ONEWAY, ch -> {
            OneWayBuffers b = new OneWayBuffers();
            if (warmup > 0) {
                streamAndAck(ch, b, warmup);
            }
            long start = System.nanoTime();
            streamAndAck(ch, b, messages);
            long elapsed = System.nanoTime() - start;
            return messages * 1e9 / Math.max(1, elapsed);
        });
    }

    private static void checkCounts(int warmup, int measured) {
        if (warmup < 0 || measured < 1) {
            throw new IllegalArgumentException("need warmup >= 0 and a measured count >= 1, got warmup "
                    + warmup + ", count " + measured);
        }
    }

    /**
     * Runs {@code work} against a fresh peer in {@code mode}. Close order: the connection (the peer sees end of
     * stream), then the peer (killed, waited for), then the listener (socket file deleted).
     */
    private <T> T withPeer(Transport t, PingPongPeer.Mode mode, PeerWork<T> work) throws IOException {
        try (Rendezvous rendezvous = Rendezvous.open(t);
             PeerProcess peer = PeerProcess.start(config.launcher(), rendezvous.peerArgs(mode),
                     config.runTimeout())) {
            peerObserver.accept(peer.process());
            try (SocketChannel ch = rendezvous.accept(peer, config.connectTimeout())) {
                return work.run(ch);
            } catch (PeerFailedException e) {
                throw e;
            } catch (IOException e) {
                throw peer.failure(t.label() + " " + mode.name().toLowerCase(Locale.ROOT)
                        + " run failed: " + e.getMessage(), e);
            }
        }
    }

    private static void pingPongs(SocketChannel ch, int warmup, int iterations, LatencyStats stats)
            throws IOException {
        ByteBuffer out = PingPongLayout.newMessage(PingPongLayout.DATA);
        ByteBuffer in = ByteBuffer.allocateDirect(PingPongLayout.MESSAGE_SIZE);
        long total = (long) warmup + iterations;
        for (long i = 0; i < total; i++) {
            long nanos = pingPong(ch, out, in, i);
            if (i >= warmup) {
                stats.record(nanos);
            }
        }
    }

    /** One round trip of message {@code seq}; returns its latency in nanoseconds. */
    private static long pingPong(SocketChannel ch, ByteBuffer out, ByteBuffer in, long seq) throws IOException {
        out.clear();
        out.putLong(PingPongLayout.SEQ_OFFSET, seq);
        in.clear();
        long start = System.nanoTime();
        SocketIo.writeFully(ch, out);
        if (!SocketIo.readFully(ch, in)) {
            throw new EOFException("the peer closed the connection");
        }
        long nanos = System.nanoTime() - start;
        long echoed = in.getLong(PingPongLayout.SEQ_OFFSET);
        if (echoed != seq) {
            throw new IOException("the peer echoed message " + echoed + " for message " + seq);
        }
        return nanos;
    }

    /** Direct buffers for one one-way run, allocated before the measured loop. */
    private static final class OneWayBuffers {
        final ByteBuffer data = PingPongLayout.newMessage(PingPongLayout.DATA);
        final ByteBuffer flush = PingPongLayout.newMessage(PingPongLayout.FLUSH);
        final ByteBuffer ack = ByteBuffer.allocateDirect(PingPongLayout.ACK_SIZE);
    }

    /** Sends {@code n} DATA messages and a FLUSH, then checks the peer's count. */
    private static void streamAndAck(SocketChannel ch, OneWayBuffers b, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            b.data.clear();
            b.data.putLong(PingPongLayout.SEQ_OFFSET, i);
            SocketIo.writeFully(ch, b.data);
        }
        b.flush.clear();
        SocketIo.writeFully(ch, b.flush);
        b.ack.clear();
        if (!SocketIo.readFully(ch, b.ack)) {
            throw new EOFException("the peer closed the connection before acknowledging");
        }
        long counted = b.ack.getLong(0);
        if (counted != n) {
            throw new IOException("the peer counted " + counted + " of " + n + " messages");
        }
    }
}
