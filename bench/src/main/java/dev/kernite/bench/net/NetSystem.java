package dev.kernite.bench.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The default Kernite system booted ({@code --net tap}) in a JVM of its own, its TAP device moved into a network
 * namespace where Linux is 10.77.0.1; the NetProbe applications that measure are manifest sections started from
 * the shell ({@code svc start}). {@link #close} ends the system and deletes the namespace.
 *
 * <p>Thread safety: one thread.
 */
final class NetSystem implements AutoCloseable {
    private final Process kernel;
    private final OutputStream console;
    private final Path state;
    private final String ns;
    private final String tap;

    private NetSystem(Process kernel, Path state, String ns, String tap) {
        this.kernel = kernel;
        this.console = kernel.getOutputStream();
        this.state = state;
        this.ns = ns;
        this.tap = tap;
    }

    static NetSystem boot(Path dir, long bytes, int mtu) throws Exception {
        String home = System.getProperty("kernite.home", ".");
        long id = ProcessHandle.current().pid() % 100000;
        String ns = "kbench-k-" + id, tap = "kbtap" + id;
        Path manifest = dir.resolve("boot.manifest");
        StringBuilder m = new StringBuilder(Files.readString(Path.of(home, "etc", "boot.manifest")));
        for (String[] p : new String[][] {{"probe-source", "source linux 7101"}, {"probe-sink", "sink linux 7102 " + bytes},
                {"warm-source", "source linux 7103"}, {"warm-sink", "sink linux 7104 " + bytes}}) {
            m.append("\n[").append(p[0]).append("]\nmodule = kernite.net\nmain = dev.kernite.net.NetProbe\nargs = ").append(p[1])
                .append("\nneeds = names, net\nrestart = never\nheartbeat = off\nautostart = no\nmemory = 8m\n");
        }
        Files.writeString(manifest, m.toString());
        NetBench.sh("ip", "netns", "add", ns);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = List.of(java, "--enable-native-access=kernite.sys", "-XX:+UseSerialGC", "-Dkernite.home=" + home,
            "-Djava.io.tmpdir=" + dir, "-p", System.getProperty("jdk.module.path"), "-m", "kernite.kernel/dev.kernite.kernel.boot.KernelMain",
            "--manifest", "@MANIFEST@", "--state", dir.toString(), "--net", "tap", "--tap-name", tap, "--mtu", Integer.toString(mtu));
        Process k = new ProcessBuilder(cmd.stream().map(s -> s.equals("@MANIFEST@") ? manifest.toString() : s).toList())
            .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile()).start();
        NetSystem sys = new NetSystem(k, dir, ns, tap);
        try {
            sys.awaitTapThenMove();
            sys.awaitLog("net", "serving", 120);
            return sys;
        } catch (Exception | Error e) {
            sys.close();
            throw e;
        }
    }

    private void awaitTapThenMove() throws Exception {
        for (int i = 0; i < 600; i++) {
            String link = NetBench.quietly("ip", "link", "show", tap);
            if (!link.startsWith("FAILED") && link.contains(",UP")) {
                NetBench.sh("ip", "link", "set", tap, "netns", ns);
                NetBench.sh("ip", "-n", ns, "addr", "add", "10.77.0.1/24", "dev", tap);
                NetBench.sh("ip", "-n", ns, "link", "set", tap, "up");
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("no TAP device " + tap + "; the console said:\n" + Files.readString(state.resolve("console.log")));
    }

    /** The first whole line of service {@code name}'s log containing {@code text}, waiting up to {@code seconds}. */
    String awaitLog(String name, String text, long seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Path logs = state.resolve("log");
            if (Files.isDirectory(logs)) {
                try (Stream<Path> files = Files.list(logs)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith(name + "-")).toList()) {
                        String all = Files.readString(f); // only whole lines: the service may be mid-write
                        for (String line : all.substring(0, all.lastIndexOf('\n') + 1).split("\n")) if (line.contains(text)) return line;
                    }
                }
            }
            if (!kernel.isAlive()) break;
            Thread.sleep(100);
        }
        throw new IOException(name + " did not log '" + text + "'; the console said:\n" + Files.readString(state.resolve("console.log")));
    }

    private void type(String line) throws IOException {
        console.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        console.flush();
    }

    /**
     * One transfer each way, not measured: the services' JIT compilers (they compile late, for boot speed) see the
     * path first, as the host's TCP needs no warming.
     */
    void warmUp(long bytes) throws Exception {
        linuxToKernite("warm-source", 7103, bytes);
        kerniteToLinux("warm-sink", 7104, bytes);
    }

    /** Linux sends {@code bytes}; Kernite's probe reads them: the probe's Mbit/s. */
    double linuxToKernite(long bytes) throws Exception { return linuxToKernite("probe-source", 7101, bytes); }

    /** Kernite's probe sends {@code bytes} (as booted); Linux receives: Linux's Mbit/s. */
    double kerniteToLinux(long bytes) throws Exception { return kerniteToLinux("probe-sink", 7102, bytes); }

    private double linuxToKernite(String probe, int port, long bytes) throws Exception {
        Process peer = peer("send", port, bytes);
        try {
            type("svc start " + probe);
            String r = awaitLog(probe, "RESULT", NetBench.limit(bytes).toSeconds());
            return Double.parseDouble(r.split(" ")[3]);
        } finally {
            peer.destroyForcibly();
        }
    }

    private double kerniteToLinux(String probe, int port, long bytes) throws Exception {
        Process peer = peer("recv", port, bytes);
        try {
            type("svc start " + probe);
            awaitLog(probe, "RESULT", NetBench.limit(bytes).toSeconds());
            String line = peer.inputReader().readLine();
            if (line == null || !line.startsWith("MBPS ")) throw new IOException("the Linux receiver said: " + line);
            return Double.parseDouble(line.substring(5).trim());
        } finally {
            peer.destroyForcibly();
        }
    }

    private Process peer(String mode, int port, long bytes) throws IOException {
        Process p = new ProcessBuilder(NetBench.inNs(ns, NetBench.PYTHON, "-c", NetBench.PEER, "serve", "10.77.0.1", Integer.toString(port), mode,
            Long.toString(bytes))).redirectErrorStream(true).start();
        String first = p.inputReader().readLine();
        if (first == null || !first.startsWith("LISTENING")) throw new IOException("the Linux peer did not start: " + first);
        return p;
    }

    /** Round trips of {@code count} pings from Linux, in microseconds. */
    List<Double> pingMicros(int count) throws Exception {
        NetBench.sh(NetBench.inNs(ns, "ping", "-c", "3", "-W", "2", "10.77.0.2")); // warm up: ARP, JIT
        String out = NetBench.sh(NetBench.inNs(ns, "ping", "-c", Integer.toString(count), "-i", "0.02", "-W", "2", "10.77.0.2"));
        List<Double> rtts = new ArrayList<>();
        Matcher m = Pattern.compile("time=([0-9.]+) ms").matcher(out);
        while (m.find()) rtts.add(Double.parseDouble(m.group(1)) * 1000);
        return rtts;
    }

    @Override
    public void close() throws Exception {
        try {
            type("shutdown");
            if (!kernel.waitFor(30, TimeUnit.SECONDS)) {
                kernel.descendants().forEach(ProcessHandle::destroyForcibly);
                kernel.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            kernel.descendants().forEach(ProcessHandle::destroyForcibly);
            kernel.destroyForcibly();
        } finally {
            NetBench.quietly("ip", "netns", "del", ns);
        }
    }
}
