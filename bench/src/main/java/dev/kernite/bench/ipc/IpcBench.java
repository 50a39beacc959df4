package dev.kernite.bench.ipc;

import dev.kernite.bench.host.HostIpcBench;
import dev.kernite.bench.host.Transport;
import dev.kernite.bench.report.BenchOptions;
import dev.kernite.bench.report.Json;
import dev.kernite.bench.report.LatencyStats.Summary;
import dev.kernite.bench.report.Progress;
import dev.kernite.bench.report.RunInfo;
import dev.kernite.bench.report.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./kernite bench ipc}: a 64-byte call/reply round trip over a Kernite channel between two isolated
 * processes, beside the same ping-pong over a Unix domain socket and over TCP loopback between two plain JVMs,
 * all in one run; then one-way throughput, and latency with more busy pairs than cores.
 *
 * <p>Targets (2 cores): Kernite p50 ≤ 1 µs, ≥ 20× lower p50 than the Unix socket, one-way ≥ 10 M msgs/s.
 */
public final class IpcBench {
    private static final long TARGET_P50_NS = 1_000;
    private static final double TARGET_UDS_RATIO = 20;
    private static final double TARGET_ONEWAY = 10_000_000;

    private IpcBench() {}

    public static void run(BenchOptions o, PrintStream out) throws IOException, InterruptedException {
        Progress progress = o.progress();
        int kN = o.iterationsOr(1_000_000, 100_000), kWarm = o.quick() ? 50_000 : 300_000;
        int hN = o.iterationsOr(200_000, 20_000), hWarm = o.quick() ? 5_000 : 20_000;
        int oneN = o.quick() ? 2_000_000 : 20_000_000, hostOneN = o.quick() ? 200_000 : 2_000_000;
        int busy = Math.max(4, o.pairs() > 1 ? o.pairs() : 4);
        double busySeconds = o.quick() ? 1.5 : 5;

        HostIpcBench host = new HostIpcBench();
        Summary floor, kernite, uds, tcp;
        double kOne, udsOne;
        List<Summary> overcommit;
        progress.step("hardware floor: one cache line each way between two threads", 0, 6);
        floor = CacheLineFloor.measure(kWarm, kN);
        try (KerniteIpc k = new KerniteIpc()) {
            progress.step("Kernite round trips (" + kN + ")", 1, 6);
            kernite = k.roundTrip(kWarm, kN);
            progress.step("Unix socket round trips (" + hN + ")", 2, 6);
            uds = host.roundTrip(Transport.UDS, hWarm, hN).latency();
            progress.step("TCP loopback round trips (" + hN + ")", 3, 6);
            tcp = host.roundTrip(Transport.TCP, hWarm, hN).latency();
            progress.step("Kernite one-way (" + oneN + " messages)", 4, 6);
            kOne = k.oneWay(oneN / 10, oneN);
            progress.step("Unix socket one-way (" + hostOneN + " messages)", 5, 6);
            udsOne = host.oneWayMsgsPerSec(Transport.UDS, hostOneN / 10, hostOneN);
            progress.step(busy + " busy Kernite pairs on " + Runtime.getRuntime().availableProcessors() + " cores for " + busySeconds + " s", 6, 6);
            overcommit = k.overcommit(busy, busySeconds);
        }
        out.println(RunInfo.current().line());
        out.println();
        print(out, floor, kernite, uds, tcp, kOne, udsOne, overcommit);
        if (o.json().isPresent()) {
            json(kernite, uds, tcp, kOne, udsOne, overcommit).put("floor_p50_ns", floor.p50())
                .put("host", RunInfo.current().toJson()).writeTo(o.json().get());
            out.println("wrote " + o.json().get());
        }
    }

    private static void print(PrintStream out, Summary floor, Summary k, Summary uds, Summary tcp, double kOne, double udsOne, List<Summary> busy) {
        Table rtt = new Table("Round trip, 64-byte call and reply between two processes (µs)")
            .column("transport").column("min", Table.Align.RIGHT).column("p50", Table.Align.RIGHT)
            .column("p99", Table.Align.RIGHT).column("p99.9", Table.Align.RIGHT).column("p50 vs Kernite", Table.Align.RIGHT);
        for (var row : List.of(new Object[] {"(hardware floor)", floor}, new Object[] {"Kernite channel", k},
                new Object[] {"Unix socket", uds}, new Object[] {"TCP loopback", tcp})) {
            Summary s = (Summary) row[1];
            rtt.row((String) row[0], Table.micros(s.min()), Table.micros(s.p50()), Table.micros(s.p99()), Table.micros(s.p999()),
                Table.ratio((double) s.p50() / k.p50()));
        }
        rtt.note("target: Kernite p50 ≤ 1 µs — " + verdict(k.p50() <= TARGET_P50_NS)
            + "; ≥ 20× lower p50 than the Unix socket — " + verdict((double) uds.p50() / k.p50() >= TARGET_UDS_RATIO));
        rtt.note("(hardware floor) = two threads bouncing one cache line each way, nothing else: no IPC between"
            + " processes can beat it; here the Unix socket is " + Table.ratio((double) uds.p50() / floor.p50()) + " the floor.");
        rtt.print(out);
        out.println();
        new Table("One-way throughput, 64-byte messages").column("transport").column("messages/s", Table.Align.RIGHT)
            .column("vs Unix socket", Table.Align.RIGHT)
            .row("Kernite channel", Table.rate(kOne), Table.ratio(kOne / udsOne))
            .row("Unix socket", Table.rate(udsOne), Table.ratio(1))
            .note("target: Kernite ≥ 10,000,000 messages/s — " + verdict(kOne >= TARGET_ONEWAY)).print(out);
        out.println();
        Table t = new Table(busy.size() + " busy Kernite pairs on " + Runtime.getRuntime().availableProcessors() + " cores (spinning gives way)")
            .column("pair").column("round trips", Table.Align.RIGHT).column("p50 µs", Table.Align.RIGHT)
            .column("p99 µs", Table.Align.RIGHT).column("max µs", Table.Align.RIGHT);
        for (int i = 0; i < busy.size(); i++) {
            Summary s = busy.get(i);
            t.row(String.valueOf(i + 1), Table.rate(s.count()), Table.micros(s.p50()), Table.micros(s.p99()), Table.micros(s.max()));
        }
        int least = busy.stream().mapToInt(Summary::count).min().orElse(0), most = busy.stream().mapToInt(Summary::count).max().orElse(0);
        t.note("every pair made progress: " + verdict(least > 0) + " (least " + Table.rate(least) + ", most " + Table.rate(most) + " round trips)");
        t.print(out);
    }

    private static Json.Obj json(Summary k, Summary uds, Summary tcp, double kOne, double udsOne, List<Summary> busy) {
        return Json.object()
            .put("kernite_p50_ns", k.p50()).put("kernite_p99_ns", k.p99()).put("kernite_p99_9_ns", k.p999()).put("kernite_min_ns", k.min())
            .put("uds_p50_ns", uds.p50()).put("uds_p99_ns", uds.p99()).put("tcp_p50_ns", tcp.p50()).put("tcp_p99_ns", tcp.p99())
            .put("uds_over_kernite_p50", (double) uds.p50() / k.p50()).put("tcp_over_kernite_p50", (double) tcp.p50() / k.p50())
            .put("oneway_msgs_per_s", kOne).put("uds_oneway_msgs_per_s", udsOne)
            .put("busy_pairs", busy.size())
            .put("busy_pairs_min_round_trips", busy.stream().mapToLong(Summary::count).min().orElse(0))
            .put("busy_pairs_max_p99_ns", busy.stream().mapToLong(Summary::p99).max().orElse(0))
            .put("kernite", k.toJson()).put("uds", uds.toJson()).put("tcp", tcp.toJson());
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
