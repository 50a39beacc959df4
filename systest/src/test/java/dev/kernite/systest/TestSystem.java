package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import dev.kernite.kernel.Kernel;
import dev.kernite.kernel.KernelConfig;
import dev.kernite.kernel.SpawnResult;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Kernite system for one test: a kernel in this JVM and service processes (real JVMs) on the module path
 * of the build. {@link #close()} shuts everything down, checks that no process it started is left, and deletes
 * its directories — also when the test failed.
 */
final class TestSystem implements AutoCloseable {
    final Path dir;
    final Kernel kernel;
    private final List<Integer> pids = new ArrayList<>();
    private int registrars;

    TestSystem() throws IOException {
        dir = Files.createTempDirectory("kernite-test-");
        kernel = Kernel.start(KernelConfig.of(dir.resolve("run"), modulePath(), dir.resolve("log")));
    }

    /** The kernite modules on this test's class path (jars or class directories), as the services' module path. */
    static List<Path> modulePath() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.exists(p)) continue;
            boolean kernite = ModuleFinder.of(p).findAll().stream().anyMatch(m -> m.descriptor().name().startsWith("kernite."));
            if (kernite) out.add(p);
        }
        return out;
    }

    /** Spawns a process of the probe module; endpoints to create, and endpoint names to grant SEND on. */
    int probe(String name, List<String> endpoints, List<String> sendTo, String... args) {
        List<ProcessSpec.Grant> grants = sendTo.stream()
            .map(e -> new ProcessSpec.Grant(kernel.endpoint(e).orElseThrow(), Rights.SEND, e)).toList();
        return spawn(new ProcessSpec(name, "kernite.probe", "dev.kernite.probe.Probe", Arrays.asList(args), 0, 32, endpoints, grants));
    }

    int echo(String endpoint) {
        return spawn(new ProcessSpec(endpoint, "kernite.echo", "dev.kernite.echo.EchoServer", List.of(endpoint), 0, 32, List.of(endpoint), List.of()));
    }

    // ---------------------------------------------------------------- names and recovery (NamesSystemTest)

    /** Spawns the names service, serving the endpoint {@code names}. */
    int names() {
        return spawn(new ProcessSpec("names", "kernite.names", "dev.kernite.names.NamesServer", List.of(), 0, 32,
            List.of("names"), List.of()));
    }

    /** Spawns a probe with SEND on {@code names} (as capability "names") and {@code grants}: endpoint → rights. */
    int namesProbe(String name, Map<String, Integer> grants, String... args) {
        List<ProcessSpec.Grant> all = new ArrayList<>();
        all.add(new ProcessSpec.Grant(kernel.endpoint("names").orElseThrow(), Rights.SEND, "names"));
        grants.forEach((e, rights) -> all.add(new ProcessSpec.Grant(kernel.endpoint(e).orElseThrow(), rights, e)));
        return spawn(new ProcessSpec(name, "kernite.probe", "dev.kernite.probe.Probe", Arrays.asList(args), 0, 32, List.of(), all));
    }

    /** Registers {@code endpoint} with names as {@code service}, as rs does (a probe transfers it and REGISTERs). */
    void register(String service, String endpoint) throws InterruptedException {
        String name = "registrar" + (++registrars);
        namesProbe(name, Map.of(endpoint, Rights.SEND | Rights.GRANT), "register", service, endpoint);
        awaitLine(name, "^RESULT register OK$", Duration.ofSeconds(30));
    }

    /** Spawns a process of the counter module (server or client) with SEND on names. */
    int counterProcess(String name, String mainClass, List<String> endpoints, String... args) {
        List<ProcessSpec.Grant> grants = List.of(new ProcessSpec.Grant(kernel.endpoint("names").orElseThrow(), Rights.SEND, "names"));
        return spawn(new ProcessSpec(name, "kernite.counter", mainClass, Arrays.asList(args), 0, 32, endpoints, grants));
    }

    int spawn(ProcessSpec spec) {
        SpawnResult r = kernel.spawn(spec);
        if (!r.ok()) fail("spawn " + spec.name() + ": " + r.status());
        pids.add(r.pid());
        return r.pid();
    }

    /** The log of the process named {@code name} (its stdout and stderr). */
    String log(String name) {
        try (Stream<Path> s = Files.list(dir.resolve("log"))) {
            Optional<Path> f = s.filter(p -> p.getFileName().toString().startsWith(name + "-")).findFirst();
            return f.isPresent() ? Files.readString(f.get()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for a line of {@code name}'s log matching {@code regex}; fails with the log when it does not come. */
    Matcher awaitLine(String name, String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(log(name));
            if (m.find()) return m;
            Thread.sleep(10);
        }
        fail("no line /" + regex + "/ from " + name + " within " + timeout + "; its log:\n" + log(name));
        return null;
    }

    /** Waits until some channel matches. */
    ChannelInfo awaitChannel(Predicate<ChannelInfo> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ChannelInfo> c = kernel.channels().stream().filter(test).findFirst();
            if (c.isPresent()) return c.get();
            Thread.sleep(10);
        }
        fail("no such channel within " + timeout + "; channels: " + kernel.channels());
        return null;
    }

    boolean alive(int pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() throws IOException {
        try {
            kernel.close();
            for (int pid : pids) {
                Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
                if (h.isPresent()) {
                    h.get().destroyForcibly();
                    fail("process " + pid + " outlived kernel shutdown");
                }
            }
            if (Files.exists(dir.resolve("run"))) fail("kernel left its run directory behind");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
