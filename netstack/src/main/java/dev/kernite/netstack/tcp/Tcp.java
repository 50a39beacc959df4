package dev.kernite.netstack.tcp;

import dev.kernite.netstack.Clock;
import dev.kernite.netstack.Counter;
import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.NetCounters;
import dev.kernite.netstack.NetError;
import dev.kernite.netstack.NetEvents;
import dev.kernite.netstack.NetLimits;
import dev.kernite.netstack.NetResult;
import dev.kernite.netstack.Readiness;
import dev.kernite.netstack.ip.Ipv4Output;
import dev.kernite.netstack.ip.Ipv4Packet;
import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.Checksum;
import dev.kernite.netstack.wire.Ipv4Layout;
import dev.kernite.netstack.wire.TcpLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * The TCP layer: demultiplexes segments to connections and listeners, answers segments for nobody with RST
 * (RFC 9293 §3.10.7.1), runs the listen backlog, builds every outgoing segment, and carries the socket calls.
 *
 * <p>Bounds: {@code tcpConnections} control blocks (SYN-RECEIVED and TIME-WAIT included; a SYN beyond it is dropped
 * and counted), a listener's backlog (half-open plus not yet accepted) capped at {@code maxBacklog}.
 * Initial sequence numbers come from the engine's seeded generator (RFC 6528's keyed hash is not used).
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class Tcp {
    private static final int EPHEMERAL_FIRST = 49152;

    /** A listening socket: its port, backlog and the established connections waiting for accept. */
    static final class Listener {
        final int handle;
        final int port;
        final int backlog;
        int halfOpen;
        final ArrayDeque<TcpConnection> ready = new ArrayDeque<>();

        Listener(int handle, int port, int backlog) {
            this.handle = handle;
            this.port = port;
            this.backlog = backlog;
        }
    }

    private record Key(int remoteAddr, int remotePort, int localPort) {}

    final NetCounters counters;
    final NetEvents events;
    final NetLimits limits;
    final BufferBudget budget;
    private final Ipv4Output out;
    private final Clock clock;
    private final RandomGenerator random;
    private final Map<Key, TcpConnection> connections = new HashMap<>();
    private final Map<Integer, Listener> listeners = new HashMap<>();
    private final Map<Integer, Object> handles = new HashMap<>();
    private int nextEphemeral = EPHEMERAL_FIRST;
    private boolean batching;                                   // between beginBatch and endBatch
    private final ArrayList<TcpConnection> deferred = new ArrayList<>(); // owe output at endBatch; each once

    public Tcp(Ipv4Output out, NetCounters counters, NetEvents events, NetLimits limits, Clock clock, RandomGenerator random) {
        this.out = out;
        this.counters = counters;
        this.events = events;
        this.limits = limits;
        this.budget = new BufferBudget(limits.tcpMemoryBytes());
        this.clock = clock;
        this.random = random;
    }

    int localMss() { return out.config().tcpMss(); }

    // ---- batches ----

    /**
     * Starts a batch of received segments: a connection's output (data the ACKs allow, and the ACK it owes) waits
     * for {@link #endBatch}, so a burst of N segments is answered by one cumulative ACK instead of N — on a path
     * where every frame costs a device hand-off, the ACKs alone halved the receive throughput.
     */
    public void beginBatch() { batching = true; }

    /** Ends the batch: every connection that received segments in it sends what it owes, once. */
    public void endBatch() {
        batching = false;
        long now = clock.nowMillis();
        for (TcpConnection c : deferred) {
            c.outputDeferred = false;
            if (c.state != TcpState.CLOSED) {
                c.output(now);
                c.notifyReadiness();
            }
        }
        deferred.clear();
    }

    /** True when {@code c}'s output is to wait for the end of the batch (and it is now recorded). */
    boolean defer(TcpConnection c) {
        if (!batching) return false;
        if (!c.outputDeferred) {
            c.outputDeferred = true;
            deferred.add(c);
        }
        return true;
    }

    // ---- input ----

    /** A TCP segment for us; {@code unicast} is false for broadcasts, which TCP ignores. */
    public void receive(Ipv4Packet p, boolean unicast) {
        TcpSegment s;
        switch (TcpSegment.decode(p)) {
            case TcpSegment.Bad(DropReason reason) -> {
                counters.drop(reason);
                return;
            }
            case TcpSegment.Ok(TcpSegment ok) -> s = ok;
        }
        if (!unicast) {
            counters.drop(DropReason.NOT_FOR_US);
            return;
        }
        counters.add(Counter.TCP_IN);
        long now = clock.nowMillis();
        TcpConnection c = connections.get(new Key(s.src(), s.srcPort(), s.dstPort()));
        if (c != null) {
            TcpInput.segment(c, s, now);
            return;
        }
        Listener l = listeners.get(s.dstPort());
        if (l != null && !s.has(TcpLayout.RST) && !s.has(TcpLayout.ACK_FLAG) && s.has(TcpLayout.SYN)) {
            passiveOpen(l, s, now);
            return;
        }
        if (l == null) counters.drop(DropReason.NO_SOCKET);
        else counters.drop(DropReason.TCP_BAD_SEGMENT);
        if (s.has(TcpLayout.RST)) return;
        if (s.has(TcpLayout.ACK_FLAG)) emitReset(s.dst(), s.dstPort(), s.src(), s.srcPort(), s.ack(), 0, false);
        else emitReset(s.dst(), s.dstPort(), s.src(), s.srcPort(), 0, s.seq() + s.length(), true);
    }

    private void passiveOpen(Listener l, TcpSegment s, long now) {
        if (l.halfOpen + l.ready.size() >= l.backlog) {
            counters.drop(DropReason.TCP_BACKLOG_FULL);
            return;
        }
        if (connections.size() >= limits.tcpConnections()) {
            counters.drop(DropReason.TCP_TABLE_FULL);
            return;
        }
        TcpConnection c = new TcpConnection(this, s.dst(), l.port, s.src(), s.srcPort(), random.nextInt());
        c.parent = l;
        c.state = TcpState.LISTEN;
        c.irs = s.seq();
        c.rcvNxt = s.seq() + 1;
        TcpInput.peerOptions(c, s);
        c.state = TcpState.SYN_RECEIVED;
        l.halfOpen++;
        connections.put(new Key(c.remoteAddr, c.remotePort, c.localPort), c);
        counters.add(Counter.TCP_PASSIVE_OPENS);
        c.sendSyn(now);
    }

    /** A connection finished its handshake; a passive one moves to its listener's accept queue. */
    void established(TcpConnection c) {
        Listener l = c.parent;
        if (l == null) return;
        l.halfOpen--;
        l.ready.addLast(c);
        events.socketReady(l.handle, Readiness.READABLE);
    }

    /** Bytes held by all connections' buffers together (at most {@code NetLimits.tcpMemoryBytes}). */
    public long bufferBytes() { return budget.used(); }

    /** A connection reached CLOSED: off the table, out of its listener's counts, its buffers' bytes given back. */
    void removed(TcpConnection c) {
        connections.remove(new Key(c.remoteAddr, c.remotePort, c.localPort), c);
        c.sendBuf.release();
        c.recvBuf.release();
        Listener l = c.parent;
        if (l != null) {
            if (!l.ready.remove(c)) l.halfOpen--;
            c.parent = null;
        }
        if (c.orphan) handles.values().remove(c);
    }

    // ---- timers ----

    public void tick(long now) {
        List<TcpConnection> due = new ArrayList<>();
        for (TcpConnection c : connections.values()) if (c.nextDeadline() <= now) due.add(c);
        for (TcpConnection c : due) {
            c.tick(now);
            c.notifyReadiness();
        }
    }

    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (TcpConnection c : connections.values()) next = Math.min(next, c.nextDeadline());
        return next;
    }

    // ---- output ----

    /** Builds and sends one segment of connection {@code c}: {@code len} bytes from its send buffer at {@code bufOffset}. */
    void emit(TcpConnection c, int seq, int flags, int window, int mss, int wscale, int bufOffset, int len) {
        int options = mss >= 0 ? (wscale >= 0 ? TcpLayout.SYN_OPTIONS : 4) : 0;
        int total = TcpLayout.HEADER + options + len;
        byte[] f = Ipv4Output.allocate(total);
        int o = Ipv4Output.PAYLOAD;
        header(f, o, c.localPort, c.remotePort, seq, (flags & TcpLayout.ACK_FLAG) != 0 ? c.rcvNxt : 0, flags, window, options);
        if (mss >= 0) {
            int p = o + TcpLayout.HEADER;
            Bytes.put8(f, p, TcpLayout.OPT_MSS);
            Bytes.put8(f, p + 1, 4);
            Bytes.put16(f, p + 2, mss);
            if (wscale >= 0) {
                Bytes.put8(f, p + 4, TcpLayout.OPT_NOP);
                Bytes.put8(f, p + 5, TcpLayout.OPT_WSCALE);
                Bytes.put8(f, p + 6, 3);
                Bytes.put8(f, p + 7, wscale);
            }
        }
        if (len > 0) c.sendBuf.peek(bufOffset, f, o + TcpLayout.HEADER + options, len);
        seal(f, c.localAddr, c.remoteAddr, total);
    }

    /** Sends a RST (with ACK when {@code withAck}) from the given local end to the remote one. */
    void emitReset(int localAddr, int localPort, int remoteAddr, int remotePort, int seq, int ack, boolean withAck) {
        byte[] f = Ipv4Output.allocate(TcpLayout.HEADER);
        int flags = TcpLayout.RST | (withAck ? TcpLayout.ACK_FLAG : 0);
        header(f, Ipv4Output.PAYLOAD, localPort, remotePort, seq, withAck ? ack : 0, flags, 0, 0);
        counters.add(Counter.TCP_RESETS_OUT);
        seal(f, localAddr, remoteAddr, TcpLayout.HEADER);
    }

    private static void header(byte[] f, int o, int srcPort, int dstPort, int seq, int ack, int flags, int window, int options) {
        Bytes.put16(f, o + TcpLayout.SRC_PORT, srcPort);
        Bytes.put16(f, o + TcpLayout.DST_PORT, dstPort);
        Bytes.put32(f, o + TcpLayout.SEQ, seq);
        Bytes.put32(f, o + TcpLayout.ACK, ack);
        Bytes.put8(f, o + TcpLayout.DATA_OFFSET, (TcpLayout.HEADER + options) / 4 << 4);
        Bytes.put8(f, o + TcpLayout.FLAGS, flags);
        Bytes.put16(f, o + TcpLayout.WINDOW, window);
    }

    private void seal(byte[] f, int src, int dst, int total) {
        Bytes.put16(f, Ipv4Output.PAYLOAD + TcpLayout.CHECKSUM, Checksum.transport(src, dst, Ipv4Layout.PROTO_TCP, f, Ipv4Output.PAYLOAD, total));
        counters.add(Counter.TCP_OUT);
        out.send(dst, Ipv4Layout.PROTO_TCP, f, total);
    }

    // ---- socket calls ----

    public NetResult connect(int dst, int dstPort, IntSupplier newHandle) {
        if (dstPort <= 0 || dstPort > 0xFFFF || dst == 0 || dst == -1) return NetResult.fail(NetError.EINVAL);
        if (out.config().address() == 0 || out.config().nextHop(dst) == 0) return NetResult.fail(NetError.ENETUNREACH);
        if (connections.size() >= limits.tcpConnections()) return NetResult.fail(NetError.ENOBUFS);
        int port = ephemeral(dst, dstPort);
        if (port == 0) return NetResult.fail(NetError.EADDRINUSE);
        int handle = newHandle.getAsInt();
        if (handle < 0) return NetResult.fail(NetError.ENOBUFS);
        TcpConnection c = new TcpConnection(this, out.config().address(), port, dst, dstPort, random.nextInt());
        c.state = TcpState.SYN_SENT;
        c.handle = handle;
        handles.put(handle, c);
        connections.put(new Key(dst, dstPort, port), c);
        counters.add(Counter.TCP_ACTIVE_OPENS);
        c.sendSyn(clock.nowMillis());
        c.lastReadiness = c.readiness();
        return NetResult.ok(handle);
    }

    public NetResult listen(int port, int backlog, IntSupplier newHandle) {
        if (port <= 0 || port > 0xFFFF || backlog < 0) return NetResult.fail(NetError.EINVAL);
        if (listeners.containsKey(port)) return NetResult.fail(NetError.EADDRINUSE);
        int handle = newHandle.getAsInt();
        if (handle < 0) return NetResult.fail(NetError.ENOBUFS);
        Listener l = new Listener(handle, port, Math.max(1, Math.min(backlog, limits.maxBacklog())));
        listeners.put(port, l);
        handles.put(handle, l);
        return NetResult.ok(handle);
    }

    public NetResult accept(int listener, IntSupplier newHandle) {
        if (!(handles.get(listener) instanceof Listener l)) return NetResult.fail(handles.containsKey(listener) ? NetError.EINVAL : NetError.EBADF);
        TcpConnection c = l.ready.peekFirst();
        if (c == null) return NetResult.fail(NetError.EAGAIN);
        int handle = newHandle.getAsInt();
        if (handle < 0) return NetResult.fail(NetError.ENOBUFS);
        l.ready.removeFirst();
        c.parent = null;
        c.handle = handle;
        handles.put(handle, c);
        c.lastReadiness = c.readiness();
        return NetResult.ok(handle);
    }

    public NetResult read(int handle, byte[] dst, int off, int len) {
        if (off < 0 || len < 0 || off + len > dst.length) return NetResult.fail(NetError.EINVAL);
        return switch (handles.get(handle)) {
            case TcpConnection c -> c.read(dst, off, len);
            case null -> NetResult.fail(NetError.EBADF);
            default -> NetResult.fail(NetError.ENOTCONN);
        };
    }

    public NetResult write(int handle, byte[] src, int off, int len) {
        if (off < 0 || len < 0 || off + len > src.length) return NetResult.fail(NetError.EINVAL);
        return switch (handles.get(handle)) {
            case TcpConnection c -> c.write(src, off, len, clock.nowMillis());
            case null -> NetResult.fail(NetError.EBADF);
            default -> NetResult.fail(NetError.ENOTCONN);
        };
    }

    public NetResult shutdown(int handle) {
        return switch (handles.get(handle)) {
            case TcpConnection c -> {
                NetResult r = c.shutdown(clock.nowMillis());
                c.notifyReadiness();
                yield r;
            }
            case null -> NetResult.fail(NetError.EBADF);
            default -> NetResult.fail(NetError.ENOTCONN);
        };
    }

    public NetResult close(int handle) {
        Object o = handles.remove(handle);
        switch (o) {
            case TcpConnection c -> c.close(clock.nowMillis());
            case Listener l -> {
                listeners.remove(l.port);
                for (TcpConnection c : new ArrayList<>(connections.values())) {
                    if (c.parent == l) {
                        c.orphan = true;
                        c.abort();
                    }
                }
            }
            case null -> { return NetResult.fail(NetError.EBADF); }
            default -> throw new IllegalStateException("unknown socket " + o);
        }
        return NetResult.ok(0);
    }

    public int readiness(int handle) {
        return switch (handles.get(handle)) {
            case TcpConnection c -> c.readiness();
            case Listener l -> l.ready.isEmpty() ? 0 : Readiness.READABLE;
            case null, default -> 0;
        };
    }

    public boolean owns(int handle) { return handles.containsKey(handle); }

    public int socketCount() { return handles.size(); }

    public int localPort(int handle) {
        return switch (handles.get(handle)) {
            case TcpConnection c -> c.localPort;
            case Listener l -> l.port;
            case null, default -> -1;
        };
    }

    public String state(int handle) {
        return switch (handles.get(handle)) {
            case TcpConnection c -> c.state.name();
            case Listener l -> TcpState.LISTEN.name();
            case null, default -> null;
        };
    }

    /** The connection behind a handle (tests and netstat), or null. */
    public TcpConnection connection(int handle) {
        return handles.get(handle) instanceof TcpConnection c ? c : null;
    }

    /** Control blocks in the table (every state but CLOSED). */
    public int connectionCount() { return connections.size(); }

    private int ephemeral(int dst, int dstPort) {
        for (int i = 0; i < 0x10000 - EPHEMERAL_FIRST; i++) {
            int p = nextEphemeral;
            nextEphemeral = p == 0xFFFF ? EPHEMERAL_FIRST : p + 1;
            if (!listeners.containsKey(p) && !connections.containsKey(new Key(dst, dstPort, p))) return p;
        }
        return 0;
    }
}
