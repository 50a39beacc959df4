package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

    @Test
    void curlFetchesTenMegabytesFromHttpdAndMalformedRequestsAndFramesBreakNothing() throws Exception {
        assumeTrue(NetRig.available(), "needs root and /dev/net/tun");
        int bytes = 10 << 20;
        try (NetRig rig = new NetRig(manifest())) {
            awaitBoot(rig.sys);
            rig.sys.awaitLogLine("httpd", l -> l.contains("serving"), BOOT);
            // the file goes in through the file server, from a probe-like writer: the shell's own file commands
            rig.sys.run("wget -O /srv/www/big.bin http://linux:1/none"); // no server there: an error, nothing breaks
            java.nio.file.Path big = java.nio.file.Files.write(rig.sys.dir.resolve("big.bin"), content(bytes));
            Process seed = rig.startInNs(NetRig.PYTHON, "-m", "http.server", "--bind", NetRig.LINUX, "--directory", rig.sys.dir.toString(), "8000");
            awaitHttp(rig, "http://" + NetRig.LINUX + ":8000/big.bin");
            List<String> got = rig.sys.run("wget -O /srv/www/big.bin http://linux:8000/big.bin");
            assertTrue(String.join("\n", got).contains("saved"), String.join("\n", got));
            seed.destroyForcibly();
            String sum = rig.inNs("sh", "-c", "curl -sS --max-time 120 http://" + NetRig.KERNITE + "/big.bin | sha256sum");
            assertEquals(sha256(content(bytes)), sum.split(" ")[0], "the file Linux fetched from Kernite's httpd");
            String parallel = rig.inNs("sh", "-c", "for i in 1 2 3 4; do curl -sS --max-time 60 -o /dev/null -w '%{http_code}\\n' http://"
                + NetRig.KERNITE + "/index.html & done; wait");
            assertEquals(4, parallel.lines().filter("200"::equals).count(), parallel);
            String notFound = rig.inNs("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://" + NetRig.KERNITE + "/nothing");
            assertEquals("404", notFound);
            String badMethod = rig.inNs("curl", "-sS", "-X", "DELETE", "-o", "/dev/null", "-w", "%{http_code}", "http://" + NetRig.KERNITE + "/index.html");
            assertEquals("405", badMethod);
            String garbage = rig.inNs(NetRig.PYTHON, "-c", RAW_HTTP, NetRig.KERNITE);
            assertTrue(garbage.startsWith("HTTP/1.1 400"), garbage);
            long before = drops(rig);
            rig.inNs(NetRig.PYTHON, "-c", MALFORMED_FRAMES, rig.tap);
            String ping = rig.inNs("ping", "-c", "2", "-i", "0.2", "-W", "2", NetRig.KERNITE);
            assertTrue(ping.contains("2 received"), "the stack answers after the garbage: " + ping);
            assertTrue(drops(rig) >= before + 20, "malformed frames counted as drops: " + rig.sys.run("ifconfig"));
            String again = rig.inNs("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://" + NetRig.KERNITE + "/index.html");
            assertEquals("200", again);
        }
    }

    @Test
    void killingTheNetstackGivesTheApplicationAnErrorAndANewConnectionWorks() throws Exception {
        assumeTrue(NetRig.available(), "needs root and /dev/net/tun");
        try (NetRig rig = new NetRig(manifest("hold linux 7002"))) {
            Process server = rig.startInNs(NetRig.PYTHON, "-c", HOLD_SERVER, "7002");
            awaitLine(server, "LISTENING");
            awaitBoot(rig.sys);
            rig.sys.awaitLogLine("probe0", "CONNECTED"::equals, BOOT);
            rig.sys.run("kill -9 net");
            String error = rig.sys.awaitLogLine("probe0", l -> l.startsWith("RESULT hold"), Duration.ofSeconds(60));
            assertTrue(error.startsWith("RESULT hold ERROR"), error);
            assertEquals("RESULT reconnect OK", rig.sys.awaitLogLine("probe0", l -> l.startsWith("RESULT reconnect"), Duration.ofSeconds(60)));
            assertEquals("AGAIN", awaitLine(server, "AGAIN"));
        }
    }

    @Test
    void transfersCompleteIntactThroughLossAndReordering() throws Exception {
        assumeTrue(NetRig.available(), "needs root and /dev/net/tun");
        int bytes = 1_000_000;
        try (NetRig rig = new NetRig(manifest("exchange linux 7003 " + bytes))) {
            String netem = NetRig.quietly(rig.nsCommand("tc", "qdisc", "add", "dev", rig.tap, "root", "netem", "loss", "5%", "delay", "2ms",
                "reorder", "25%", "50%").toArray(String[]::new));
            assumeTrue(!netem.startsWith("FAILED"), "the host kernel has no netem (sch_netem): " + netem
                + "; transfersCompleteIntactThroughTheMachinesLossAndReordering covers the same with the machine's own faults");
            exchangeThroughFaults(rig, 7003, bytes);
        }
    }

    /**
     * The same as with netem, with the faults made by Kernite's machine on its side of the link (any host), on an
     * Ethernet-sized MTU: ~700 segments each way instead of ~16 at the default MTU, so losses land in full windows.
     */
    @Test
    void transfersCompleteIntactThroughTheMachinesLossAndReordering() throws Exception {
        assumeTrue(NetRig.available(), "needs root and /dev/net/tun");
        int bytes = 1_000_000;
        try (NetRig rig = new NetRig(manifest("exchange linux 7004 " + bytes), List.of("--net-impair", "loss=5%,reorder=25%,seed=7", "--mtu", "1500"))) {
            exchangeThroughFaults(rig, 7004, bytes);
        }
    }

    /** Kernite's probe and a Linux server exchange {@code bytes} each way; both ends get exactly what the other sent. */
    private static void exchangeThroughFaults(NetRig rig, int port, int bytes) throws Exception {
        Process server = rig.startInNs(NetRig.PYTHON, "-c", SERVER, String.valueOf(port), String.valueOf(bytes));
        awaitLine(server, "LISTENING");
        awaitBoot(rig.sys);
        String result = rig.sys.awaitLogLine("probe0", l -> l.startsWith("RESULT"), Duration.ofSeconds(200));
        String got = awaitLine(server, "GOT");
        String[] r = result.split(" "), g = got.split(" ");
        assertEquals(String.valueOf(bytes), g[1], got);
        assertEquals(r[2], g[2], "what Linux received is what Kernite sent");
        assertEquals(sha256(content(bytes)), r[3], "what Kernite received is what Linux sent");
        assertTrue(rig.sys.run("ifconfig").stream().anyMatch(l -> l.matches(".*retransmits [1-9].*")), "losses were repaired by retransmission");
    }

    /** Accepts two connections: holds the first open, prints AGAIN when the second says it. */
    static final String HOLD_SERVER = """
        import socket, sys
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('10.77.0.1', int(sys.argv[1]))); s.listen(4)
        print('LISTENING', flush=True)
        first, _ = s.accept()
        while True:
            c, _ = s.accept()
            if c.recv(100).startswith(b'again'):
                print('AGAIN', flush=True); break
        """;

    /** A request line that is not HTTP, then what the server answered. */
    static final String RAW_HTTP = """
        import socket, sys
        c = socket.create_connection((sys.argv[1], 80), timeout=20)
        c.sendall(b'\\x00\\xffGARBAGE / HTTP/9\\r\\n\\r\\n')
        print(c.recv(4096).decode('latin-1'))
        """;

    /** Truncated, bad-checksum, bad-length and random Ethernet frames to Kernite's MAC (from ARP) on the TAP. */
    static final String MALFORMED_FRAMES = """
        import socket, sys, os, random, subprocess
        tap = sys.argv[1]
        subprocess.run(['ping', '-c', '1', '-W', '2', '10.77.0.2'], capture_output=True)
        neigh = subprocess.run(['ip', 'neigh', 'show', '10.77.0.2'], capture_output=True, text=True).stdout.split()
        dst = bytes.fromhex(neigh[neigh.index('lladdr') + 1].replace(':', ''))
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind((tap, 0))
        src = bytes.fromhex('020000000001'); rnd = random.Random(7)
        ip = bytes.fromhex('4500001c00004000400100000a4d00010a4d0002')
        for i in range(40):
            kind = i % 4
            if kind == 0: body = b'\\x08\\x00' + ip[:7]                       # truncated IPv4
            elif kind == 1: body = b'\\x08\\x00' + ip + bytes(8)                # header checksum 0: wrong
            elif kind == 2: body = b'\\x08\\x00' + b'\\x45\\x00\\xff\\xff' + ip[4:] + bytes(8)  # length beyond the frame
            else: body = bytes([rnd.randrange(256) for _ in range(rnd.randrange(2, 200))])
            s.send(dst + src + body)
        print('SENT')
        """;

    static long drops(NetRig rig) throws Exception {
        for (String line : rig.sys.run("ifconfig")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("dropped (\\d+)").matcher(line);
            if (m.find()) return Long.parseLong(m.group(1));
        }
        fail("ifconfig shows no drop count");
        return -1;
    }

    static void awaitHttp(NetRig rig, String url) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (!NetRig.quietly(rig.nsCommand("curl", "-sS", "-o", "/dev/null", url).toArray(String[]::new)).startsWith("FAILED")) return;
            Thread.sleep(100);
        }
        fail("no HTTP server at " + url);
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
