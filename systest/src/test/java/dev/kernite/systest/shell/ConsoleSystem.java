package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole system as a person at the console gets it: {@code KernelMain} booted in a JVM of its own with a boot
 * manifest, the console (its standard input and output, which the session shell inherits) on pipes. Commands are
 * typed into the pipe; each is followed by {@code echo @@N}, and its output is what the console printed before
 * that marker.
 *
 * <p>Every process below the kernel JVM is remembered while it is alive (from {@link ProcessHandle#descendants()},
 * which loses orphans), so {@link #close()} can kill what is left — by handle, which is checked against the start
 * time, so a reused pid is never hit — and a test can check that nothing outlived the session.
 *
 * <p>Thread safety: one test thread drives it; a reader thread appends console lines under {@code lines}' lock.
 */
final class ConsoleSystem implements AutoCloseable {
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(60);

    final Path dir;
    private final Process kernel;
    private final Writer console;
    private final List<String> lines = new ArrayList<>();          // guarded by itself
    private boolean consoleEnded;                                   // guarded by lines: the kernel closed its output
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    private int marker;

    ConsoleSystem(String manifest) throws IOException {
        this(manifest, List.of());
    }

    /** As {@link #ConsoleSystem(String)}, with more options for KernelMain (say {@code --disk IMAGE}). */
    ConsoleSystem(String manifest, List<String> kernelArgs) throws IOException {
        dir = Files.createTempDirectory("kernite-console-");
        Path lib = linkModules(dir.resolve("lib"));
        Path manifestFile = dir.resolve("boot.manifest");
        Files.writeString(manifestFile, manifest.replace("@DIR@", dir.toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=kernite.sys", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Dkernite.home=" + dir,
            "-Dkernite.lib=" + lib, "-Dkernite.java=" + java,
            "-Djava.io.tmpdir=" + dir, // the kernel's run directory lands here, removed with dir even after a kill -9
            "-p", lib.toString(), "-m", "kernite.kernel/dev.kernite.kernel.boot.KernelMain", "--manifest", manifestFile.toString(),
            "--no-aot")); // a cache recorded in a throwaway directory would only slow every process's exit
        command.addAll(kernelArgs);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true).directory(dir.toFile());
        kernel = pb.start();
        console = new OutputStreamWriter(kernel.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("console-reader").start(this::readConsole);
    }

    /**
     * The kernite modules on this test's class path and the JLine module the shell needs, linked into one
     * directory: KernelMain gives the jars of its lib directory to every process it starts.
     */
    private static Path linkModules(Path lib) throws IOException {
        Files.createDirectories(lib);
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (!Files.exists(p)) continue;
            for (var m : ModuleFinder.of(p).findAll()) {
                String name = m.descriptor().name();
                if (name.startsWith("kernite.") || name.equals("org.jline")) {
                    Files.createSymbolicLink(lib.resolve(name + ".jar"), p);
                }
            }
        }
        return lib;
    }

    private void readConsole() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(kernel.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the kernel is gone; what it printed is kept
        } finally {
            synchronized (lines) {
                consoleEnded = true;
                lines.notifyAll();
            }
        }
    }

    /** Types a line at the console without waiting for anything. */
    void type(String line) throws IOException {
        console.write(line + "\n");
        console.flush();
    }

    /** Ends the console's input, as Ctrl-D on an empty line does. */
    void endInput() throws IOException {
        console.close();
    }

    /** Runs a command and returns the lines the console printed for it (before the marker that follows it). */
    List<String> run(String command) throws IOException, InterruptedException {
        String mark = "@@" + ++marker;
        int from = size();
        type(command);
        type("echo " + mark);
        int at = await(mark, from, COMMAND_WAIT);
        rememberProcesses();
        synchronized (lines) {
            return List.copyOf(lines.subList(from, at));
        }
    }

    /** Waits for a console line equal to {@code text} at or after index {@code from}; returns its index. */
    int await(String text, int from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = from; i < lines.size(); i++) if (lines.get(i).equals(text)) return i;
                long left = deadline - System.nanoTime();
                if (left <= 0 || consoleEnded) break;
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
        fail("no console line '" + text + "' within " + timeout + "; the console said:\n" + transcript());
        return -1;
    }

    int size() {
        synchronized (lines) {
            return lines.size();
        }
    }

    String transcript() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /**
     * Waits for the first line matching {@code wanted} in the log of a service named {@code service} (services
     * other than the console ones log to {@code .kernite/log/NAME-ID.log}); fails when none comes in time.
     */
    String awaitLogLine(String service, java.util.function.Predicate<String> wanted, Duration timeout) throws Exception {
        Path logs = dir.resolve(".kernite/log");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(logs)) {
                try (Stream<Path> files = Files.list(logs)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith(service + "-")).toList()) {
                        java.util.Optional<String> line = Files.readAllLines(f).stream().filter(wanted).findFirst();
                        if (line.isPresent()) return line.get();
                    }
                }
            }
            Thread.sleep(200);
        }
        org.junit.jupiter.api.Assertions.fail(service + " reported nothing within " + timeout);
        return null;
    }

    /** Records every process now below the kernel JVM. */
    void rememberProcesses() {
        kernel.toHandle().descendants().forEach(h -> seen.putIfAbsent(h.pid(), h));
    }

    /** Every process seen below the kernel so far, by pid. */
    Map<Long, ProcessHandle> seenProcesses() { return Map.copyOf(seen); }

    /** Waits for the kernel JVM to exit; its exit code, or fails with the transcript. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!kernel.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the system did not end within " + timeout + "; the console said:\n" + transcript());
        }
        return kernel.exitValue();
    }

    long kernelPid() { return kernel.pid(); }

    /** Kills whatever is left (children first), then deletes the directory. */
    @Override
    public void close() throws IOException {
        try {
            rememberProcesses();
            for (ProcessHandle h : seen.values()) h.destroyForcibly();
            kernel.destroyForcibly();
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
