package dev.kernite.bench.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.bench.report.LatencyStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Short real runs against spawned peer JVMs. Checks that results are sane and that every peer and socket file
 * is gone afterwards; no timing assertions (numbers belong to ./kernite bench ipc).
 */
@Timeout(120)
class HostIpcBenchTest {

    private final List<Process> peers = new CopyOnWriteArrayList<>();
    private final List<List<String>> peerCommands = new CopyOnWriteArrayList<>();

    private HostIpcBench bench(HostIpcBench.Config config) {
        return new HostIpcBench(config, p -> {
            peers.add(p);
            p.info().arguments().ifPresent(a -> peerCommands.add(List.of(a)));
        });
    }

    private void assertPeersGone() {
        assertFalse(peers.isEmpty(), "no peer was started");
        for (Process p : peers) {
            assertFalse(p.isAlive(), "peer " + p.pid() + " still alive");
        }
        for (List<String> args : peerCommands) {
            int uds = args.indexOf("uds");
            if (uds >= 0) {
                Path socket = Path.of(args.get(uds + 1));
                assertFalse(Files.exists(socket), socket + " left behind");
                assertFalse(Files.exists(socket.getParent()), socket.getParent() + " left behind");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void roundTripIsSaneAndThePeerIsGone(Transport t) throws Exception {
        HostIpcBench.Result r = bench(HostIpcBench.Config.defaults()).roundTrip(t, 200, 2000);

        assertEquals(t, r.transport());
        LatencyStats.Summary s = r.latency();
        assertEquals(2000, s.count());
        assertTrue(s.min() > 0, s.toString());
        assertTrue(s.min() <= s.p50() && s.p50() <= s.p90() && s.p90() <= s.p99() && s.p99() <= s.p999()
                && s.p999() <= s.max(), s.toString());
        assertTrue(s.mean() >= s.min() && s.mean() <= s.max(), s.toString());
        assertPeersGone();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void oneWayRateIsPositiveAndThePeerIsGone(Transport t) throws Exception {
        double rate = bench(HostIpcBench.Config.defaults()).oneWayMsgsPerSec(t, 20_000);

        assertTrue(rate > 0 && Double.isFinite(rate), "rate " + rate);
        assertPeersGone();
    }

    @Test
    void roundsAccumulateIntoOneRecorder() throws Exception {
        HostIpcBench b = bench(HostIpcBench.Config.defaults());
        LatencyStats all = new LatencyStats(600);
        b.recordRoundTrips(Transport.UDS, 10, 300, all);
        b.recordRoundTrips(Transport.UDS, 10, 300, all);
        assertEquals(600, all.count());
        assertThrows(IllegalArgumentException.class, () -> b.recordRoundTrips(Transport.UDS, 0, 1, all));
        assertEquals(2, peers.size());
        assertPeersGone();
    }

    @Test
    void aPeerThatCannotStartIsReportedWithItsOutput() {
        PeerLauncher current = PeerLauncher.current();
        List<String> launch = List.of(current.launch().get(0), current.launch().get(1), "no.such.PeerMain");
        var config = new HostIpcBench.Config(new PeerLauncher(current.java(), List.of(), launch),
                Duration.ofSeconds(30), Duration.ofMinutes(1));

        var e = assertThrows(PeerFailedException.class, () -> bench(config).roundTrip(Transport.UDS, 0, 10));
        assertTrue(e.getMessage().contains("exited before connecting"), e.getMessage());
        assertTrue(e.getMessage().contains("no.such.PeerMain"), e.getMessage()); // the JVM's own complaint
        assertPeersGone();
    }

    @Test
    void aPeerThatNeverConnectsTimesOutAndIsKilled() {
        // /bin/sh stands in for java; it ignores the peer arguments and just waits.
        var launcher = new PeerLauncher(Path.of("/bin/sh"), List.of(), List.of("-c", "exec sleep 60", "sh"));
        var config = new HostIpcBench.Config(launcher, Duration.ofMillis(500), Duration.ofMinutes(1));

        var e = assertThrows(PeerFailedException.class, () -> bench(config).roundTrip(Transport.TCP, 0, 10));
        assertTrue(e.getMessage().contains("did not connect within"), e.getMessage());
        assertPeersGone();
    }

    @Test
    void aRunPastItsTimeoutKillsThePeerAndSaysSo() {
        var config = new HostIpcBench.Config(PeerLauncher.current(), Duration.ofSeconds(30), Duration.ofSeconds(2));

        var e = assertThrows(PeerFailedException.class,
                () -> bench(config).roundTrip(Transport.UDS, Integer.MAX_VALUE - 10, 10));
        assertTrue(e.getMessage().contains("exceeded its timeout of 2 s"), e.getMessage());
        assertPeersGone();
    }

    @Test
    void badCountsAreRefusedBeforeAnyPeerStarts() {
        HostIpcBench b = bench(HostIpcBench.Config.defaults());
        assertThrows(IllegalArgumentException.class, () -> b.roundTrip(Transport.TCP, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> b.oneWayMsgsPerSec(Transport.TCP, 0));
        assertTrue(peers.isEmpty());
    }

    @Test
    void launcherReusesThisJvmsJavaAndClassPath() {
        PeerLauncher l = PeerLauncher.current(List.of("-Xmx32m"));
        List<String> cmd = l.command(List.of("tcp", "1234"));
        assertEquals(l.java().toString(), cmd.getFirst());
        assertEquals("-Xmx32m", cmd.get(1));
        assertEquals(List.of("tcp", "1234"), cmd.subList(cmd.size() - 2, cmd.size()));
        String main = PingPongPeer.class.getName();
        assertTrue(cmd.contains(main) || cmd.contains("kernite.bench/" + main), cmd.toString());
    }
}
