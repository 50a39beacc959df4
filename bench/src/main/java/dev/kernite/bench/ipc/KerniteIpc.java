package dev.kernite.bench.ipc;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.bench.report.LatencyStats;
import dev.kernite.kernel.Kernel;
import dev.kernite.kernel.KernelConfig;
import dev.kernite.kernel.SpawnResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Kernite side of {@code bench ipc}: a kernel in this JVM, echo servers and load generators as isolated
 * processes (real JVMs) talking over Kernite channels. The load generators time their own calls and write raw
 * samples to files here; nothing is measured across processes.
 *
 * <p>Thread safety: not thread-safe; one run at a time.
 */
public final class KerniteIpc implements AutoCloseable {
    private final Path dir;
    private final Kernel kernel;
    private int pairs;

    public KerniteIpc() throws IOException {
        dir = Files.createTempDirectory("kernite-bench-");
        kernel = Kernel.start(KernelConfig.of(dir.resolve("run"), KernelConfig.currentModulePath(), dir.resolve("log")));
    }

    /** One client/server pair's raw result file, once the client has exited. */
    private record Pair(String server, int clientPid, Path out) { }

    /** {@code n} timed 64-byte round trips after {@code warmup}. */
    public LatencyStats.Summary roundTrip(int warmup, int n) throws IOException, InterruptedException {
        Pair p = startPair("rtt", String.valueOf(warmup), String.valueOf(n));
        long[] samples = await(p, Duration.ofMinutes(10));
        return LatencyStats.of(samples, samples.length).summary();
    }

    /** Messages per second of one-way 64-byte sends, every one counted by the server. */
    public double oneWay(int warmup, int n) throws IOException, InterruptedException {
        Pair p = startPair("oneway", String.valueOf(warmup), String.valueOf(n));
        long[] r = await(p, Duration.ofMinutes(10));
        if (r[0] != n) throw new IOException("the server counted " + r[0] + " of " + n + " one-way messages");
        return n / (r[1] / 1e9);
    }

    /** Runs {@code count} busy pairs at once for {@code seconds}; one latency summary per pair. */
    public List<LatencyStats.Summary> overcommit(int count, double seconds) throws IOException, InterruptedException {
        List<Pair> started = new ArrayList<>();
        for (int i = 0; i < count; i++) started.add(startPair("spin", String.valueOf(seconds)));
        List<LatencyStats.Summary> out = new ArrayList<>();
        for (Pair p : started) {
            long[] s = await(p, Duration.ofMinutes(5));
            out.add(LatencyStats.of(s, s.length).summary());
        }
        return out;
    }

    private Pair startPair(String mode, String... args) throws IOException {
        String name = "echo" + (++pairs);
        Path out = dir.resolve(name + ".out");
        spawn(new ProcessSpec(name, "kernite.echo", "dev.kernite.echo.EchoServer", List.of(name), 0, 64, List.of(name), List.of()));
        List<String> a = new ArrayList<>(List.of(mode, out.toString()));
        a.addAll(Arrays.asList(args));
        ProcessSpec.Grant g = new ProcessSpec.Grant(kernel.endpoint(name).orElseThrow(), Rights.SEND, "echo");
        int pid = spawn(new ProcessSpec("load" + pairs, "kernite.echo", "dev.kernite.echo.EchoLoad", a, 0, 256, List.of(), List.of(g)));
        return new Pair(name, pid, out);
    }

    private int spawn(ProcessSpec spec) throws IOException {
        SpawnResult r = kernel.spawn(spec);
        if (!r.ok()) throw new IOException("cannot start " + spec.name() + ": " + r.status().description());
        return r.pid();
    }

    private long[] await(Pair p, Duration timeout) throws IOException, InterruptedException {
        if (!kernel.awaitExit(p.clientPid(), timeout)) throw new IOException("load generator " + p.clientPid() + " did not finish in " + timeout);
        if (!Files.exists(p.out())) throw new IOException("load generator failed; its log:\n" + logOf("load" + p.server().substring(4)));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p.out())).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[b.remaining() / 8];
        for (int i = 0; i < v.length; i++) v[i] = b.getLong();
        kernel.kill(kernel.processes().stream().filter(x -> x.name().equals(p.server()) && x.state().equals("running"))
            .mapToInt(x -> x.pid()).findFirst().orElse(-1), true);
        return v;
    }

    private String logOf(String name) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("log"))) {
            for (Path f : s.filter(f -> f.getFileName().toString().startsWith(name + "-")).toList()) return Files.readString(f);
        }
        return "(no log)";
    }

    @Override
    public void close() throws IOException {
        kernel.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
