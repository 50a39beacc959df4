package dev.kernite.shell;

import dev.kernite.runtime.net.SocketProtocol;
import dev.kernite.shell.sys.NetAccess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory network for the shell's tests: fixed tables, pings that answer (or not), a canned HTTP server. */
public final class FakeNet implements NetAccess {
    public final Map<String, Long> stats = new LinkedHashMap<>();

    {
        stats.put("frames_in", 10L);
        stats.put("drop.truncated", 2L);
        stats.put("drop.bad_checksum", 1L);
    }
    public final List<SocketProtocol.SocketRow> sockets = new ArrayList<>();
    public final List<Long> pingAnswers = new ArrayList<>();
    public String httpAnswer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    public final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    public SocketProtocol.Info info() { return new SocketProtocol.Info(true, 0x024B4E000001L, 1500, 0x0A4D0002, 24, 0x0A4D0001, 0, false); }

    public Map<String, Long> stats() { return stats; }

    public List<SocketProtocol.SocketRow> sockets() { return sockets; }

    public List<SocketProtocol.ArpRow> arp() { return List.of(new SocketProtocol.ArpRow(0x0A4D0001, 0x0A0B0C0D0E0FL), new SocketProtocol.ArpRow(0x0A4D0009, -1)); }

    public int resolve(String host) throws IOException {
        if (host.equals("linux")) return 0x0A4D0001;
        throw new java.net.UnknownHostException(host);
    }

    public long ping(int address, int size, Duration timeout) throws IOException {
        if (pingAnswers.isEmpty()) throw new SocketTimeoutException("ping: timed out");
        return pingAnswers.removeFirst();
    }

    public Connection connect(String host, int port, Duration timeout) throws IOException {
        if (port != 80) throw new ConnectException("connect to " + host + ":" + port + ": connection refused");
        return new Connection(new ByteArrayInputStream(httpAnswer.getBytes(StandardCharsets.ISO_8859_1)), sent, () -> { });
    }
}
