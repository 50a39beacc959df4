package dev.kernite.runtime.net;

import dev.kernite.runtime.Message;
import java.nio.charset.StandardCharsets;

/**
 * The wire protocol of the netstack server (endpoint {@code net}, docs/system-services.md), defined once for the
 * server and its client library. A request's label is its operation; a reply's label is 0 or a
 * {@link SocketError} code. Integers little-endian; addresses are IPv4 in an i32 (a.b.c.d = a&lt;&lt;24|…). Data
 * never travels in messages: a client grants the server a buffer dataspace per channel (ATTACH), and READ, WRITE,
 * SEND_TO and RECV_FROM name a range of it.
 *
 * <pre>
 *   label          request                                                   reply payload (label 0)
 *   1 ATTACH       dataspace i32 (granted on this channel)                   size i64
 *   2 CONNECT      addr i32 │ port i32 │ timeout-ms i32                       socket i32
 *   3 LISTEN       port i32 │ backlog i32                                     socket i32
 *   4 ACCEPT       socket i32 │ timeout-ms i32                                socket i32 │ addr i32 │ port i32
 *   5 READ         socket i32 │ buffer i32 │ length i32 │ timeout-ms i32      count i32 (0: end of stream)
 *   6 WRITE        socket i32 │ buffer i32 │ length i32 │ timeout-ms i32      count i32 (1..length)
 *   7 SHUTDOWN     socket i32                                                —
 *   8 CLOSE        socket i32                                                —
 *   9 BIND_UDP     port i32 (0: any)                                         socket i32 │ port i32
 *  10 SEND_TO      socket i32 │ addr i32 │ port i32 │ buffer i32 │ length i32 count i32
 *  11 RECV_FROM    socket i32 │ buffer i32 │ length i32 │ timeout-ms i32      count i32 │ addr i32 │ port i32
 *  12 RESOLVE      timeout-ms i32 │ name (UTF-8, the rest, 1..253 bytes)      addr i32
 *  13 PING         addr i32 │ size i32 │ timeout-ms i32                       rtt-us i64
 *  14 INFO         —                                                         see {@link Info}
 *  15 STATS        —                                                         n i32 │ n × (value i64 │ name: u8 length + ASCII)
 *  16 SOCKETS      skip i32                                                  n i32 │ n × {@link SocketRow}
 *  17 ARP          skip i32                                                  n i32 │ n × (addr i32 │ mac i64)
 *
 *   timeout-ms: 0 = do not wait, -1 = wait without limit, else at most that long; a blocking call that times out
 *     answers EAGAIN (SO_RCVTIMEO's way). Waiting calls are parked in the server until the socket is ready.
 *   sockets belong to the calling process (any of its channels may use them) and close when its last channel
 *     closes. Handles carry a per-server-instance tag: after a restart of the server they are EBADF, never another
 *     socket. ENETDOWN: the machine has no network device. Malformed: EINVAL; unknown label: EOPNOTSUPP.
 *   errors: CONNECT ECONNREFUSED ETIMEDOUT ENETUNREACH EHOSTUNREACH EISCONN; READ/WRITE ECONNRESET ENOTCONN EPIPE
 *     ETIMEDOUT; LISTEN/BIND_UDP EADDRINUSE; SEND_TO EMSGSIZE; RESOLVE ENOENT ETIMEDOUT; every call on a socket EBADF.
 * </pre>
 *
 * Only INFO, STATS, SOCKETS, ARP, RESOLVE and PING are idempotent: the others act on a connection's stream.
 *
 * <p>Thread safety: stateless; the records are immutable.
 */
public final class SocketProtocol {
    public static final int ATTACH = 1, CONNECT = 2, LISTEN = 3, ACCEPT = 4, READ = 5, WRITE = 6, SHUTDOWN = 7, CLOSE = 8,
        BIND_UDP = 9, SEND_TO = 10, RECV_FROM = 11, RESOLVE = 12, PING = 13, INFO = 14, STATS = 15, SOCKETS = 16, ARP = 17;
    /** Longest DNS name. */
    public static final int MAX_NAME = 253;
    /** Wait without limit. */
    public static final int FOREVER = -1;

    private SocketProtocol() {}

    /** A decoded request. */
    public sealed interface Request {
        Message encode(Message m);
    }

    public record Attach(int dataspace) implements Request {
        public Message encode(Message m) { return ints(m, ATTACH, dataspace); }
    }

    public record Connect(int address, int port, int timeoutMillis) implements Request {
        public Message encode(Message m) { return ints(m, CONNECT, address, port, timeoutMillis); }
    }

    public record Listen(int port, int backlog) implements Request {
        public Message encode(Message m) { return ints(m, LISTEN, port, backlog); }
    }

    public record Accept(int socket, int timeoutMillis) implements Request {
        public Message encode(Message m) { return ints(m, ACCEPT, socket, timeoutMillis); }
    }

    public record Read(int socket, int buffer, int length, int timeoutMillis) implements Request {
        public Message encode(Message m) { return ints(m, READ, socket, buffer, length, timeoutMillis); }
    }

    public record Write(int socket, int buffer, int length, int timeoutMillis) implements Request {
        public Message encode(Message m) { return ints(m, WRITE, socket, buffer, length, timeoutMillis); }
    }

    public record Shutdown(int socket) implements Request {
        public Message encode(Message m) { return ints(m, SHUTDOWN, socket); }
    }

    public record Close(int socket) implements Request {
        public Message encode(Message m) { return ints(m, CLOSE, socket); }
    }

    public record BindUdp(int port) implements Request {
        public Message encode(Message m) { return ints(m, BIND_UDP, port); }
    }

    public record SendTo(int socket, int address, int port, int buffer, int length) implements Request {
        public Message encode(Message m) { return ints(m, SEND_TO, socket, address, port, buffer, length); }
    }

    public record RecvFrom(int socket, int buffer, int length, int timeoutMillis) implements Request {
        public Message encode(Message m) { return ints(m, RECV_FROM, socket, buffer, length, timeoutMillis); }
    }

    public record Resolve(int timeoutMillis, String name) implements Request {
        public Message encode(Message m) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            ints(m, RESOLVE, timeoutMillis).setLength(4 + n.length);
            for (int i = 0; i < n.length; i++) m.buffer().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 4 + i, n[i]);
            return m;
        }
    }

    public record Ping(int address, int size, int timeoutMillis) implements Request {
        public Message encode(Message m) { return ints(m, PING, address, size, timeoutMillis); }
    }

    public record InfoRequest() implements Request {
        public Message encode(Message m) { return ints(m, INFO); }
    }

    public record StatsRequest() implements Request {
        public Message encode(Message m) { return ints(m, STATS); }
    }

    public record Sockets(int skip) implements Request {
        public Message encode(Message m) { return ints(m, SOCKETS, skip); }
    }

    public record ArpRequest(int skip) implements Request {
        public Message encode(Message m) { return ints(m, ARP, skip); }
    }

    /** Whether resending {@code label} to a restarted server is harmless. */
    public static boolean idempotent(int label) {
        return label == INFO || label == STATS || label == SOCKETS || label == ARP || label == RESOLVE || label == PING;
    }

    /** Decodes a request, checking every field; EINVAL when malformed, EOPNOTSUPP for an unknown label. */
    public static Decoded decode(Message m) {
        int n = m.length();
        Request r = switch (m.label()) {
            case ATTACH -> n == 4 ? new Attach(m.getInt(0)) : null;
            case CONNECT -> n == 12 && port(m.getInt(4), false) && timeout(m.getInt(8)) ? new Connect(m.getInt(0), m.getInt(4), m.getInt(8)) : null;
            case LISTEN -> n == 8 && port(m.getInt(0), false) && m.getInt(4) >= 0 ? new Listen(m.getInt(0), m.getInt(4)) : null;
            case ACCEPT -> n == 8 && timeout(m.getInt(4)) ? new Accept(m.getInt(0), m.getInt(4)) : null;
            case READ -> n == 16 && range(m, 4) && timeout(m.getInt(12)) ? new Read(m.getInt(0), m.getInt(4), m.getInt(8), m.getInt(12)) : null;
            case WRITE -> n == 16 && range(m, 4) && timeout(m.getInt(12)) ? new Write(m.getInt(0), m.getInt(4), m.getInt(8), m.getInt(12)) : null;
            case SHUTDOWN -> n == 4 ? new Shutdown(m.getInt(0)) : null;
            case CLOSE -> n == 4 ? new Close(m.getInt(0)) : null;
            case BIND_UDP -> n == 4 && port(m.getInt(0), true) ? new BindUdp(m.getInt(0)) : null;
            case SEND_TO -> n == 20 && port(m.getInt(8), false) && range(m, 12)
                ? new SendTo(m.getInt(0), m.getInt(4), m.getInt(8), m.getInt(12), m.getInt(16)) : null;
            case RECV_FROM -> n == 16 && range(m, 4) && timeout(m.getInt(12)) ? new RecvFrom(m.getInt(0), m.getInt(4), m.getInt(8), m.getInt(12)) : null;
            case RESOLVE -> n > 4 && n <= 4 + MAX_NAME && timeout(m.getInt(0)) ? resolve(m) : null;
            case PING -> n == 12 && m.getInt(4) >= 0 && m.getInt(4) <= 65_507 && timeout(m.getInt(8)) ? new Ping(m.getInt(0), m.getInt(4), m.getInt(8)) : null;
            case INFO -> n == 0 ? new InfoRequest() : null;
            case STATS -> n == 0 ? new StatsRequest() : null;
            case SOCKETS -> n == 4 && m.getInt(0) >= 0 ? new Sockets(m.getInt(0)) : null;
            case ARP -> n == 4 && m.getInt(0) >= 0 ? new ArpRequest(m.getInt(0)) : null;
            default -> {
                yield null;
            }
        };
        if (r != null) return new Decoded(r, null);
        return new Decoded(null, m.label() >= ATTACH && m.label() <= ARP ? SocketError.EINVAL : SocketError.EOPNOTSUPP);
    }

    /** A decoded request, or the error to answer. */
    public record Decoded(Request request, SocketError error) {}

    private static Resolve resolve(Message m) {
        byte[] b = m.payload().asSlice(4).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        for (byte c : b) if (c <= ' ' || c == 0x7F) return null;
        return new Resolve(m.getInt(0), new String(b, StandardCharsets.UTF_8));
    }

    private static boolean port(int p, boolean zeroOk) { return p <= 0xFFFF && (p > 0 || zeroOk && p == 0); }

    private static boolean timeout(int t) { return t >= FOREVER; }

    /** buffer i32 │ length i32 at {@code at}: both non-negative (the server checks them against the buffer). */
    private static boolean range(Message m, int at) { return m.getInt(at) >= 0 && m.getInt(at + 4) >= 0; }

    private static Message ints(Message m, int label, int... values) {
        m.clear().setLabel(label).setLength(4 * values.length);
        for (int i = 0; i < values.length; i++) m.putInt(4 * i, values[i]);
        return m;
    }

    // ---------------------------------------------------------------- replies

    /** Sets an error reply. */
    public static Message error(Message m, SocketError e) { return m.clear().setLabel(e.code()).setLength(0); }

    /** Sets a success reply carrying {@code values}. */
    public static Message ok(Message m, int... values) { return ints(m, 0, values); }

    /** The error a reply carries, or null for success (an unknown code reads as ECONNRESET: the server is broken). */
    public static SocketError errorOf(Message reply) {
        return reply.label() == 0 ? null : java.util.Objects.requireNonNullElse(SocketError.fromCode(reply.label()), SocketError.ECONNRESET);
    }

    /**
     * What INFO answers: whether there is a network device, its MAC and MTU, the address, prefix and gateway in use,
     * the DNS server (0: none) and whether DHCP configured them.
     */
    public record Info(boolean up, long mac, int mtu, int address, int prefix, int gateway, int dns, boolean dhcp) {
        public static final int SIZE = 40;

        public Message encode(Message m) {
            return m.clear().setLabel(0).setLength(SIZE).putInt(0, up ? 1 : 0).putLong(4, mac).putInt(12, mtu).putInt(16, address)
                .putInt(20, prefix).putInt(24, gateway).putInt(28, dns).putInt(32, dhcp ? 1 : 0).putInt(36, 0);
        }

        /** Null when the reply is malformed. */
        public static Info decode(Message m) {
            if (m.length() != SIZE) return null;
            return new Info(m.getInt(0) != 0, m.getLong(4), m.getInt(12), m.getInt(16), m.getInt(20), m.getInt(24), m.getInt(28), m.getInt(32) != 0);
        }
    }

    /**
     * A row of SOCKETS: the socket, its owner's pid, protocol (6 TCP, 17 UDP), local port, remote address and
     * port (0 for listeners and UDP), bytes waiting to be read and to be acknowledged, and its TCP state code
     * ({@link #STATES}; 0 for UDP).
     */
    public record SocketRow(int socket, int pid, int protocol, int localPort, int remoteAddress, int remotePort, int state) {
        public static final int SIZE = 28;
        public static final int MAX_PER_PAGE = (Message.MAX_PAYLOAD - 4) / SIZE;
        /** TCP states by code. */
        public static final java.util.List<String> STATES = java.util.List.of("-", "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED",
            "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT");

        public String stateName() { return state >= 0 && state < STATES.size() ? STATES.get(state) : "?"; }

        public void put(Message m, int at) {
            m.putInt(at, socket).putInt(at + 4, pid).putInt(at + 8, protocol).putInt(at + 12, localPort).putInt(at + 16, remoteAddress)
                .putInt(at + 20, remotePort).putInt(at + 24, state);
        }

        public static SocketRow get(Message m, int at) {
            return new SocketRow(m.getInt(at), m.getInt(at + 4), m.getInt(at + 8), m.getInt(at + 12), m.getInt(at + 16), m.getInt(at + 20), m.getInt(at + 24));
        }
    }

    /** A row of ARP: an address and its MAC (-1 while being resolved). */
    public record ArpRow(int address, long mac) {
        public static final int SIZE = 12;
        public static final int MAX_PER_PAGE = (Message.MAX_PAYLOAD - 4) / SIZE;
    }

    /** Most STATS entries; a name is at most {@link #MAX_STAT_NAME} bytes. */
    public static final int MAX_STATS = 60, MAX_STAT_NAME = 24;
}
