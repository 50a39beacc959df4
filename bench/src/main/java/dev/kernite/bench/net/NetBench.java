package dev.kernite.bench.net;

import dev.kernite.bench.report.BenchOptions;
import dev.kernite.bench.report.Json;
import dev.kernite.bench.report.Progress;
import dev.kernite.bench.report.RunInfo;
import dev.kernite.bench.report.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./kernite bench net}: TCP throughput between Linux and Kernite over the TAP device, both ways, beside Linux
 * to Linux over a veth pair between two network namespaces, in the same run, with the same Python peer on the
 * Linux side; and the round trip of Linux pinging Kernite (p50). Needs root (TAP, namespaces); everything happens
 * inside namespaces the benchmark makes and deletes. {@code tcp_ratio} is the slower Kernite direction over veth.
 * Both links have the same MTU, {@link #MTU} ({@code ./kernite}'s default); Linux also segments and coalesces
 * in its own stack on the veth (GSO/GRO), which Kernite's device does not offer.
 *
 * <p>Thread safety: a program with one thread.
 */
public final class NetBench {
    private NetBench() {}

    /** The MTU of the TAP link and of the veth pair. */
    static final int MTU = 65_500;

    public static void run(BenchOptions o, PrintStream out) throws Exception {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isReadable(Path.of("/dev/net/tun"))) {
            System.err.println("kernite: bench net needs root and /dev/net/tun (a TAP device and network namespaces)");
            System.exit(2);
        }
        Progress progress = o.progress();
        // Long enough to measure the steady state, as iperf's 10 s do: with 100 MiB (a 40 ms veth transfer) slow
        // start and the first segments through every thread were most of what was timed (Kernite 0.07-0.13 of veth,
        // against 0.37-0.41 at 1 GiB), and veth's own figure swung from 9 to 23 Gbit/s (12-13 at 1 GiB).
        long bytes = o.quick() ? 256L << 20 : 1L << 30;
        int pings = o.quick() ? 30 : 100;
        Path dir = Files.createTempDirectory("kernite-bench-net-");
        try {
            progress.step("Linux → Linux over veth, " + (bytes >> 20) + " MiB", 1, 3);
            double veth = Veth.throughputMbps(bytes, MTU);
            progress.step("booting Kernite on a TAP device", 2, 3);
            double l2k, k2l;
            List<Double> rtts;
            try (NetSystem sys = NetSystem.boot(dir, bytes, MTU)) {
                progress.step("Linux ⇄ Kernite over TAP, " + (bytes >> 20) + " MiB each way (after as much to warm up); " + pings + " pings", 3, 3);
                sys.warmUp(bytes);
                l2k = sys.linuxToKernite(bytes);
                k2l = sys.kerniteToLinux(bytes);
                rtts = sys.pingMicros(pings);
            }
            double p50 = rtts.isEmpty() ? -1 : rtts.stream().sorted().toList().get(rtts.size() / 2);
            double ratio = Math.min(l2k, k2l) / veth;
            new Table("TCP throughput (Mbit/s) and ping round trip, one run")
                .column("path").column("Mbit/s", Table.Align.RIGHT).column("vs veth", Table.Align.RIGHT)
                .row("Linux → Kernite (TAP)", fmt(l2k), Table.ratio(l2k / veth))
                .row("Kernite → Linux (TAP)", fmt(k2l), Table.ratio(k2l / veth))
                .row("Linux → Linux (veth)", fmt(veth), "1.00")
                .note("MTU " + MTU + " on both links")
                .note("ping Linux → Kernite: p50 " + fmt(p50) + " µs over " + rtts.size() + " replies")
                .note("tcp_ratio (slower Kernite direction / veth) " + Table.ratio(ratio) + "; target ≥ 0.25 — " + (ratio >= 0.25 ? "met" : "NOT met"))
                .print(out);
            if (o.json().isPresent()) {
                Json.object().put("tcp_ratio", ratio).put("ping_p50_us", p50).put("linux_to_kernite_mbps", l2k).put("kernite_to_linux_mbps", k2l)
                    .put("veth_mbps", veth).put("mtu", MTU).put("bytes", bytes).put("host", RunInfo.current().toJson()).writeTo(o.json().get());
                out.println("wrote " + o.json().get());
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String fmt(double v) { return String.format("%.1f", v); }

    /** Runs a command; its output, or IOException with it when it fails. */
    static String sh(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + ": " + text);
        return text;
    }

    static String sh(String... cmd) throws IOException, InterruptedException { return sh(List.of(cmd)); }

    static String quietly(String... cmd) {
        try {
            return sh(cmd);
        } catch (IOException | InterruptedException e) {
            return "FAILED " + e.getMessage();
        }
    }

    static List<String> inNs(String ns, String... cmd) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return c;
    }

    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /**
     * The Linux peer: {@code serve ADDR PORT send|recv N} accepts one connection and sends N bytes then closes, or
     * receives to the end and prints {@code MBPS x}; {@code client ADDR PORT N} connects, sends N bytes, half-closes,
     * waits for the close and prints {@code MBPS x}.
     */
    static final String PEER = """
        import socket, sys, time
        mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
        buf = bytes(1 << 16)
        def send(c, n):
            left = n
            while left > 0: left -= c.send(buf[:min(left, len(buf))])
        if mode == 'serve':
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((addr, port)); s.listen(1)
            print('LISTENING', flush=True)
            c, _ = s.accept(); t = time.time()
            if sys.argv[4] == 'send':
                send(c, int(sys.argv[5])); c.close()
            else:
                n = 0
                while True:
                    b = c.recv(1 << 16)
                    if not b: break
                    n += len(b)
                print('MBPS', n * 8 / 1e6 / (time.time() - t), flush=True); c.close()
        else:
            n = int(sys.argv[4]); c = socket.create_connection((addr, port), timeout=60); t = time.time()
            send(c, n); c.shutdown(socket.SHUT_WR); c.recv(1)
            print('MBPS', n * 8 / 1e6 / (time.time() - t), flush=True)
        """;

    static Duration limit(long bytes) { return Duration.ofSeconds(60 + bytes / (1 << 20)); }
}
