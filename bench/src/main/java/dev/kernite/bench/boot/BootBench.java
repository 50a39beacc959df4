package dev.kernite.bench.boot;

import dev.kernite.bench.report.BenchOptions;
import dev.kernite.bench.report.Json;
import dev.kernite.bench.report.Progress;
import dev.kernite.bench.report.RunInfo;
import dev.kernite.bench.report.Table;
import dev.kernite.kernel.KernelConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./kernite bench boot}: boot-to-prompt of the default system — from starting the kernel's JVM until the
 * real shell answers its first command — beside starting the same number of bare JVMs one after another, each
 * until its main runs, in the same run. Targets: ≤ 2 s, and within 1.5× of the bare JVMs.
 *
 * <p>Two first, unmeasured boots record the AOT caches, as the first boots after a build do: the first records
 * every process's and assembles the services' as it shuts down, the second assembles the kernel's own (its JVM
 * writes what it recorded only as it exits). The kernel is launched as {@code ./kernite} launches it, with the same
 * flags for its own cache.
 */
public final class BootBench {
    private static final String READY = "@@bench-ready";
    private static final double TARGET_MS = 2000, TARGET_RATIO = 1.5;
    /** How long a boot may take to answer before it is killed and reported. */
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(60);

    private BootBench() {}

    /** One measured boot: milliseconds to the shell's answer, and how many processes the system ran. */
    record Boot(double millis, int processes) { }

    public static void run(BenchOptions o, PrintStream out) throws IOException, InterruptedException {
        Progress progress = o.progress();
        int rounds = o.roundsOr(5, 2);
        Path state = Files.createTempDirectory("kernite-bench-boot-");
        try {
            progress.step("first boots (record the AOT caches; not measured)", 0, rounds);
            boot(state);
            Boot first = boot(state);
            double[] boots = new double[rounds], bares = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                progress.step("boot " + (i + 1) + " and " + first.processes() + " bare JVMs", i + 1, rounds);
                boots[i] = boot(state).millis();
                bares[i] = bareJvms(first.processes());
            }
            report(o, out, first.processes(), median(boots), median(bares), boots, bares);
        } finally {
            deleteTree(state);
        }
    }

    private static void report(BenchOptions o, PrintStream out, int processes, double boot, double bare,
                               double[] boots, double[] bares) throws IOException {
        out.println(RunInfo.current().line());
        out.println();
        new Table("Boot to a working shell prompt, median of " + boots.length + " (ms)")
            .column("what").column("median ms", Table.Align.RIGHT).column("all runs", Table.Align.LEFT)
            .row("Kernite: kernel + " + (processes - 1) + " processes, boot to prompt", fmt(boot), runs(boots))
            .row(processes + " bare JVMs, one after another", fmt(bare), runs(bares))
            .note("ratio " + Table.ratio(boot / bare) + "; target ≤ 2,000 ms — " + verdict(boot <= TARGET_MS)
                + "; within 1.5× of the bare JVMs — " + verdict(boot / bare <= TARGET_RATIO))
            .print(out);
        if (o.json().isPresent()) {
            Json.object().put("boot_ms", boot).put("bare_jvms_ms", bare).put("services", processes)
                .put("ratio", boot / bare).put("host", RunInfo.current().toJson()).writeTo(o.json().get());
            out.println("wrote " + o.json().get());
        }
    }

    /** Boots the default system, asks the shell to echo a marker, and shuts it down again. */
    static Boot boot(Path state) throws IOException, InterruptedException {
        String home = System.getProperty("kernite.home", ".");
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=kernite.sys", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1"));
        cmd.addAll(KernelConfig.kernelAotFlags(state.resolve("aot")));
        cmd.addAll(List.of("-Dkernite.home=" + home, "-Djava.io.tmpdir=" + state, "-p", System.getProperty("jdk.module.path"),
            "-m", "kernite.kernel/dev.kernite.kernel.boot.KernelMain",
            "--manifest", Path.of(home, "etc", "boot.manifest").toString(), "--state", state.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Void> answered = killUnless(p, BOOT_LIMIT);
        try (OutputStream in = p.getOutputStream();
             BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(("echo " + READY + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            int ready = 0;
            double millis = -1;
            StringBuilder log = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                log.append(line).append('\n');
                if (line.contains(" ready (pid ")) ready++;
                if (line.equals(READY)) {
                    millis = (System.nanoTime() - t0) / 1e6;
                    answered.complete(null);
                    in.write("exit\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || millis < 0) throw new IOException("the system did not boot to a prompt:\n" + log);
            return new Boot(millis, ready + 2); // + the kernel and init
        } finally {
            answered.complete(null);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
    }

    /**
     * Kills {@code p} and everything below it unless the returned future is completed within {@code limit}: a
     * system that never answers then ends the read loop (its output closes) instead of hanging the benchmark.
     */
    private static CompletableFuture<Void> killUnless(Process p, Duration limit) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        answered.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, timedOut) -> {
            if (timedOut == null) return;
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        return answered;
    }

    /** Starts {@code n} bare JVMs with the services' flags, one after another, each until its main runs. */
    static double bareJvms(int n) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Process p = new ProcessBuilder(java(), "-XX:+UseSerialGC", "-Xss512k", "-XX:-UsePerfData", "-Xmx32m",
                "-p", System.getProperty("jdk.module.path"), "-m", "kernite.bench/dev.kernite.bench.boot.Bare")
                .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                if (!"up".equals(r.readLine())) throw new IOException("a bare JVM did not start");
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String fmt(double ms) { return String.format(java.util.Locale.ROOT, "%,.0f", ms); }

    private static String runs(double[] v) {
        return String.join(" ", Arrays.stream(v).mapToObj(BootBench::fmt).toList());
    }

    private static String verdict(boolean met) { return met ? "met" : "MISSED"; }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
