package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kernite system on a TAP device that lives in a network namespace of its own, where Linux has 10.77.0.1/24 and
 * Kernite 10.77.0.2/24: the system boots with {@code --net tap}, and the TAP device is moved into the namespace.
 * Nothing reaches any other network. {@link #close} kills the system (the TAP goes with the kernel's descriptor),
 * deletes the namespace and checks both are gone.
 *
 * <p>Thread safety: one test thread.
 */
final class NetRig implements AutoCloseable {
    static final String LINUX = "10.77.0.1", KERNITE = "10.77.0.2";
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    final String ns;
    final String tap;
    final ConsoleSystem sys;
    private final List<Process> helpers = new ArrayList<>();

    NetRig(String manifest) throws Exception {
        this(manifest, List.of());
    }

    /** As {@link #NetRig(String)}, with more options for KernelMain (say {@code --net-impair ...}). */
    NetRig(String manifest, List<String> kernelArgs) throws Exception {
        long id = ProcessHandle.current().pid() % 100000 + System.nanoTime() % 1000;
        ns = "kernite-net-" + id;
        tap = "kntap" + id;
        ConsoleSystem s = null;
        try {
            run("ip", "netns", "add", ns);
            List<String> args = new ArrayList<>(List.of("--net", "tap", "--tap-name", tap, "--net-addr", KERNITE + "/24", "--host-addr", LINUX + "/24"));
            args.addAll(kernelArgs);
            s = new ConsoleSystem(manifest, args);
            awaitTap();
            run("ip", "link", "set", tap, "netns", ns);
            run("ip", "-n", ns, "addr", "add", LINUX + "/24", "dev", tap);
            run("ip", "-n", ns, "link", "set", tap, "up");
            run("ip", "-n", ns, "link", "set", "lo", "up");
        } catch (Exception | Error e) {
            if (s != null) s.close();
            quietly("ip", "netns", "del", ns);
            throw e;
        }
        sys = s;
    }

    static boolean available() {
        return Files.isReadable(Path.of("/dev/net/tun")) && "root".equals(System.getProperty("user.name"));
    }

    private void awaitTap() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String link = quietly("ip", "link", "show", tap);
            if (!link.startsWith("FAILED") && link.contains(",UP")) return; // the machine has configured it: ours now
            Thread.sleep(100);
        }
        fail("no TAP device " + tap + " within 60 s");
    }

    /** A command inside the namespace, its output (fails the test on a non-zero exit). */
    String inNs(String... cmd) throws Exception { return run(nsCommand(cmd)); }

    /** A command inside the namespace, started in the background; killed at {@link #close}. */
    Process startInNs(String... cmd) throws IOException {
        Process p = new ProcessBuilder(nsCommand(cmd)).redirectErrorStream(true).start();
        helpers.add(p);
        return p;
    }

    List<String> nsCommand(String... cmd) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return c;
    }

    static String run(String... cmd) throws Exception { return run(List.of(cmd)); }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) fail(String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    static String quietly(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? out : "FAILED " + out;
    }

    @Override
    public void close() throws IOException {
        try {
            closeAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cleaning up", e);
        }
    }

    private void closeAll() throws IOException, InterruptedException {
        try {
            for (Process p : helpers) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            sys.close();
        } finally {
            quietly("ip", "netns", "del", ns);
        }
        if (!quietly("ip", "link", "show", tap).startsWith("FAILED")) fail("TAP device " + tap + " left behind");
        if (quietly("ip", "netns", "list").contains(ns)) fail("namespace " + ns + " left behind");
    }
}
