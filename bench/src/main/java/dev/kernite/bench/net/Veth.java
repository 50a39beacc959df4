package dev.kernite.bench.net;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Linux to Linux over a veth pair between two network namespaces (10.78.0.1 ↔ 10.78.0.2): the host's own TCP over
 * a virtual link, the yardstick for the TAP numbers. The namespaces are deleted afterwards, also on failure.
 *
 * <p>Thread safety: one thread.
 */
final class Veth {
    private Veth() {}

    static double throughputMbps(long bytes, int mtu) throws Exception {
        long id = ProcessHandle.current().pid() % 100000;
        String a = "kbench-a-" + id, b = "kbench-b-" + id;
        Process server = null;
        try {
            NetBench.sh("ip", "netns", "add", a);
            NetBench.sh("ip", "netns", "add", b);
            NetBench.sh("ip", "-n", a, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", b);
            NetBench.sh("ip", "-n", a, "addr", "add", "10.78.0.1/24", "dev", "veth0");
            NetBench.sh("ip", "-n", b, "addr", "add", "10.78.0.2/24", "dev", "veth1");
            NetBench.sh("ip", "-n", a, "link", "set", "veth0", "mtu", Integer.toString(mtu), "up");
            NetBench.sh("ip", "-n", b, "link", "set", "veth1", "mtu", Integer.toString(mtu), "up");
            server = new ProcessBuilder(NetBench.inNs(b, NetBench.PYTHON, "-c", NetBench.PEER, "serve", "10.78.0.2", "7200", "recv"))
                .redirectErrorStream(true).start();
            if (!server.inputReader().readLine().startsWith("LISTENING")) throw new IOException("the veth peer did not start");
            String out = NetBench.sh(NetBench.inNs(a, NetBench.PYTHON, "-c", NetBench.PEER, "client", "10.78.0.2", "7200", Long.toString(bytes)));
            return mbps(out);
        } finally {
            if (server != null) {
                server.destroyForcibly();
                server.waitFor(5, TimeUnit.SECONDS);
            }
            NetBench.quietly("ip", "netns", "del", a);
            NetBench.quietly("ip", "netns", "del", b);
        }
    }

    static double mbps(String out) throws IOException {
        for (String line : out.split("\n")) if (line.startsWith("MBPS ")) return Double.parseDouble(line.substring(5).trim());
        throw new IOException("no MBPS line in: " + out);
    }
}
