package dev.kernite.runtime.net;

import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The netstack server's administrative side, for the shell and tools: the interface ({@link #info}), counters
 * ({@link #stats}), sockets (netstat), the ARP cache, ping and name resolution. Also how the socket classes open
 * their channels.
 *
 * <p>Thread safety: thread-safe (calls are serialised on its channel).
 */
public final class NetClient implements AutoCloseable {
    /** How long opening a channel waits for the server (a system booted without a network has none). */
    public static final Duration CONNECT_WAIT = Duration.ofSeconds(5);

    private final NetChannel channel;
    private final Message m = new Message();

    private NetClient(NetChannel channel) {
        this.channel = channel;
    }

    public static NetClient open(Env env) throws IOException { return new NetClient(channel(env, 4096)); }

    /** A channel with a buffer of {@code bytes}; SocketException "network is down" when there is no netstack. */
    static NetChannel channel(Env env, long bytes) throws IOException {
        Result<NetChannel> c = NetChannel.open(env, bytes, CONNECT_WAIT);
        if (!c.ok()) throw new SocketException("no network: the netstack server is not running (" + c.status().description() + ")");
        return c.value();
    }

    /** An address for {@code name}: a dotted quad, a host the server knows, or a DNS answer. */
    static int resolve(NetChannel ch, String name, int timeoutMillis) throws IOException {
        int literal = literal(name);
        if (literal != 0) return literal;
        Message r = new SocketProtocol.Resolve(Math.max(1, Math.min(timeoutMillis, 10_000)), name).encode(new Message());
        SocketError e = ch.call(r, r, 10_000);
        if (e != null) throw NetExceptions.of(e, name);
        return r.getInt(0);
    }

    public synchronized int resolve(String name) throws IOException { return resolve(channel, name, 5_000); }

    public synchronized SocketProtocol.Info info() throws IOException {
        call(new SocketProtocol.InfoRequest(), 5_000, "info");
        SocketProtocol.Info i = SocketProtocol.Info.decode(m);
        if (i == null) throw new SocketException("info: malformed reply");
        return i;
    }

    /** Every counter by name, in the server's order. */
    public synchronized Map<String, Long> stats() throws IOException {
        call(new SocketProtocol.StatsRequest(), 5_000, "stats");
        Map<String, Long> out = new LinkedHashMap<>();
        int n = m.getInt(0), at = 4;
        for (int i = 0; i < n && at + 9 <= m.length(); i++) {
            long v = m.getLong(at);
            int len = m.buffer().get(ValueLayout.JAVA_BYTE, at + 8) & 0xFF;
            if (at + 9 + len > m.length()) break;
            out.put(new String(m.payload().asSlice(at + 9, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII), v);
            at += 9 + len;
        }
        return out;
    }

    public synchronized List<SocketProtocol.SocketRow> sockets() throws IOException {
        List<SocketProtocol.SocketRow> rows = new ArrayList<>();
        while (true) {
            call(new SocketProtocol.Sockets(rows.size()), 5_000, "sockets");
            int n = m.getInt(0);
            if (n < 0 || n > SocketProtocol.SocketRow.MAX_PER_PAGE || m.length() != 4 + n * SocketProtocol.SocketRow.SIZE) throw new SocketException("sockets: malformed reply");
            for (int i = 0; i < n; i++) rows.add(SocketProtocol.SocketRow.get(m, 4 + i * SocketProtocol.SocketRow.SIZE));
            if (n < SocketProtocol.SocketRow.MAX_PER_PAGE) return rows;
        }
    }

    public synchronized List<SocketProtocol.ArpRow> arp() throws IOException {
        List<SocketProtocol.ArpRow> rows = new ArrayList<>();
        while (true) {
            call(new SocketProtocol.ArpRequest(rows.size()), 5_000, "arp");
            int n = m.getInt(0);
            if (n < 0 || n > SocketProtocol.ArpRow.MAX_PER_PAGE || m.length() != 4 + n * SocketProtocol.ArpRow.SIZE) throw new SocketException("arp: malformed reply");
            for (int i = 0; i < n; i++) rows.add(new SocketProtocol.ArpRow(m.getInt(4 + i * 12), m.getLong(8 + i * 12)));
            if (n < SocketProtocol.ArpRow.MAX_PER_PAGE) return rows;
        }
    }

    /** One echo request; the round trip in microseconds (SocketTimeoutException-like ETIMEDOUT when none came). */
    public synchronized long ping(int address, int size, int timeoutMillis) throws IOException {
        call(new SocketProtocol.Ping(address, size, timeoutMillis), timeoutMillis, "ping");
        return m.getLong(0);
    }

    private void call(SocketProtocol.Request r, int timeoutMillis, String what) throws IOException {
        SocketError e = channel.call(r.encode(m), m, timeoutMillis);
        if (e != null) throw NetExceptions.of(e, what);
    }

    /** A dotted quad's address, or 0. */
    public static int literal(String name) {
        String[] p = name.split("\\.", -1);
        if (p.length != 4) return 0;
        int v = 0;
        for (String s : p) {
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) return 0;
            int n = Integer.parseInt(s);
            if (n > 255) return 0;
            v = v << 8 | n;
        }
        return v;
    }

    /** a.b.c.d. */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** aa:bb:cc:dd:ee:ff. */
    public static String formatMac(long mac) {
        StringBuilder s = new StringBuilder();
        for (int shift = 40; shift >= 0; shift -= 8) s.append(shift < 40 ? ":" : "").append(String.format("%02x", mac >>> shift & 0xFF));
        return s.toString();
    }

    @Override
    public void close() { channel.close(); }
}
