package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The netstack server against Linux over a TAP device in a network namespace ({@link NetRig}; root only, skipped
 * otherwise): Linux pings Kernite; a Kernite application and a Linux TCP server exchange checksummed data both
 * ways, also through 5% loss and reordering (netem); malformed frames from a raw socket are dropped and counted;
 * kill -9 of the netstack under a connection gives the application an error and a new connection works.
 */
@Timeout(400)
class NetSystemTest {
    static final Duration BOOT = Duration.ofSeconds(120);

    static String manifest(String... probes) {
        StringBuilder m;
        try (var in = NetSystemTest.class.getResourceAsStream("net.manifest")) {
            m = new StringBuilder(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int i = 0; i < probes.length; i++) {
            m.append("\n[probe%d]\nmodule = kernite.net\nmain = dev.kernite.net.NetProbe\nargs = %s\nneeds = names, net\nrestart = never\nheartbeat = off\nstart-deadline = 30s\nmemory = 8m\n"
                .formatted(i, probes[i]));
        }
        return m.toString();
    }

    /** A Linux TCP server in the namespace: reads everything, answers with sha256 of it then BYTES of the content. */
    static final String SERVER = """
        import socket, hashlib, sys
        def content(n):
            return bytes(((i * 31 + (i >> 10) * 7) & 0xFF) for i in range(n))
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('10.77.0.1', int(sys.argv[1]))); s.listen(4)
        print('LISTENING', flush=True)
        c, _ = s.accept(); h = hashlib.sha256(); n = 0
        while True:
            b = c.recv(65536)
            if not b: break
            h.update(b); n += len(b)
        print('GOT', n, h.hexdigest(), flush=True)
        c.sendall(content(int(sys.argv[2]))); c.close()
        """;

    @Test
    void linuxPingsKerniteAndDataGoesBothWaysIntact() throws Exception {
        assumeTrue(NetRig.available(), "needs root and /dev/net/tun");
        int bytes = 3_000_000;
        try (NetRig rig = new NetRig(manifest("exchange linux 7001 " + bytes))) {
            Process server = rig.startInNs(NetRig.PYTHON, "-c", SERVER, "7001", String.valueOf(bytes));
            awaitLine(server, "LISTENING");
            awaitBoot(rig.sys);
            String ping = rig.inNs("ping", "-c", "3", "-i", "0.2", "-W", "2", NetRig.KERNITE);
            assertTrue(ping.contains("3 received"), ping);
            String result = rig.sys.awaitLogLine("probe0", l -> l.startsWith("RESULT"), BOOT);
            String got = awaitLine(server, "GOT");
            String[] r = result.split(" "), g = got.split(" ");
            assertEquals("exchange", r[1], result);
            assertEquals(String.valueOf(bytes), g[1], got);
            assertEquals(r[2], g[2], "what Linux received is what Kernite sent");
            assertEquals(sha256(content(bytes)), r[3], "what Kernite received is what Linux sent");
        }
    }

    static void awaitBoot(ConsoleSystem sys) throws Exception {
        sys.type("echo @@ready");
        sys.await("@@ready", 0, BOOT);
    }

    /** Waits for a line of {@code p}'s output starting with {@code prefix}. */
    static String awaitLine(Process p, String prefix) throws IOException {
        var r = p.inputReader();
        for (String line = r.readLine(); line != null; line = r.readLine()) if (line.startsWith(prefix)) return line;
        fail("the helper ended without printing " + prefix);
        return null;
    }

    static byte[] content(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = dev.kernite.net.NetProbe.content(i);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
