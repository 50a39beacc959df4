package dev.kernite.netstack.udp;

import dev.kernite.netstack.Counter;
import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.NetCounters;
import dev.kernite.netstack.NetError;
import dev.kernite.netstack.NetEvents;
import dev.kernite.netstack.NetResult;
import dev.kernite.netstack.Readiness;
import dev.kernite.netstack.ip.Ipv4Output;
import dev.kernite.netstack.ip.Ipv4Packet;
import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.Checksum;
import dev.kernite.netstack.wire.Ipv4Layout;
import dev.kernite.netstack.wire.UdpLayout;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * UDP (RFC 768): sockets bound to a local port (one socket per port; any local address), each with a bounded
 * queue of received datagrams; checksums with the pseudo-header both ways.
 *
 * <p>Bounds: {@code udpQueueDatagrams} per socket (newer datagrams are dropped when full, as Linux does).
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class Udp {
    private static final int EPHEMERAL_FIRST = 49152;

    private static final class Socket {
        final int handle;
        final int port;
        final ArrayDeque<Datagram> queue = new ArrayDeque<>();

        Socket(int handle, int port) {
            this.handle = handle;
            this.port = port;
        }
    }

    private final Map<Integer, Socket> byPort = new HashMap<>();
    private final Map<Integer, Socket> byHandle = new HashMap<>();
    private final Ipv4Output out;
    private final NetCounters counters;
    private final NetEvents events;
    private final int queueLimit;
    private int nextEphemeral = EPHEMERAL_FIRST;

    public Udp(Ipv4Output out, NetCounters counters, NetEvents events, int queueLimit) {
        this.out = out;
        this.counters = counters;
        this.events = events;
        this.queueLimit = queueLimit;
    }

    /** Binds {@code port} (0: an ephemeral port) to a new socket with the handle {@code handles} gives. */
    public NetResult bind(int port, IntSupplier handles) {
        if (port < 0 || port > 0xFFFF) return NetResult.fail(NetError.EINVAL);
        if (port == 0) port = ephemeral();
        if (port == 0) return NetResult.fail(NetError.EADDRINUSE);
        if (byPort.containsKey(port)) return NetResult.fail(NetError.EADDRINUSE);
        int handle = handles.getAsInt();
        if (handle < 0) return NetResult.fail(NetError.ENOBUFS);
        Socket s = new Socket(handle, port);
        byPort.put(port, s);
        byHandle.put(handle, s);
        return NetResult.ok(handle);
    }

    public boolean owns(int handle) { return byHandle.containsKey(handle); }

    public int socketCount() { return byHandle.size(); }

    /** The local port of a socket, or -1. */
    public int localPort(int handle) {
        Socket s = byHandle.get(handle);
        return s == null ? -1 : s.port;
    }

    public NetResult sendTo(int handle, int dst, int dstPort, byte[] data, int off, int len) {
        Socket s = byHandle.get(handle);
        if (s == null) return NetResult.fail(NetError.EBADF);
        if (dstPort <= 0 || dstPort > 0xFFFF || off < 0 || len < 0 || off + len > data.length) return NetResult.fail(NetError.EINVAL);
        int total = UdpLayout.HEADER + len;
        if (total > out.maxPayload()) return NetResult.fail(NetError.EMSGSIZE);
        byte[] frame = Ipv4Output.allocate(total);
        int o = Ipv4Output.PAYLOAD;
        Bytes.put16(frame, o + UdpLayout.SRC_PORT, s.port);
        Bytes.put16(frame, o + UdpLayout.DST_PORT, dstPort);
        Bytes.put16(frame, o + UdpLayout.LENGTH, total);
        System.arraycopy(data, off, frame, o + UdpLayout.HEADER, len);
        int sum = Checksum.transport(out.config().address(), dst, Ipv4Layout.PROTO_UDP, frame, o, total);
        Bytes.put16(frame, o + UdpLayout.CHECKSUM, sum == 0 ? 0xFFFF : sum);
        counters.add(Counter.UDP_OUT);
        NetError e = out.send(dst, Ipv4Layout.PROTO_UDP, frame, total);
        return e == null ? NetResult.ok(len) : NetResult.fail(e);
    }

    /** The next queued datagram, or null (EAGAIN) — {@code handle} must be one of ours. */
    public Datagram receive(int handle) {
        Socket s = byHandle.get(handle);
        return s == null ? null : s.queue.pollFirst();
    }

    public int readiness(int handle) {
        Socket s = byHandle.get(handle);
        return s == null ? 0 : (s.queue.isEmpty() ? 0 : Readiness.READABLE) | Readiness.WRITABLE;
    }

    public boolean close(int handle) {
        Socket s = byHandle.remove(handle);
        if (s == null) return false;
        byPort.remove(s.port);
        return true;
    }

    /** Delivers a datagram; returns false when no socket is bound to its port (the caller answers with ICMP). */
    public boolean receive(Ipv4Packet p) {
        byte[] b = p.data();
        int o = p.offset();
        if (p.length() < UdpLayout.HEADER) {
            counters.drop(DropReason.TRUNCATED);
            return true;
        }
        int length = Bytes.u16(b, o + UdpLayout.LENGTH);
        if (length < UdpLayout.HEADER || length > p.length()) {
            counters.drop(DropReason.BAD_LENGTH);
            return true;
        }
        if (Bytes.u16(b, o + UdpLayout.CHECKSUM) != 0
            && Checksum.transport(p.src(), p.dst(), Ipv4Layout.PROTO_UDP, b, o, length) != 0) {
            counters.drop(DropReason.BAD_CHECKSUM);
            return true;
        }
        counters.add(Counter.UDP_IN);
        Socket s = byPort.get(Bytes.u16(b, o + UdpLayout.DST_PORT));
        if (s == null) {
            counters.drop(DropReason.NO_SOCKET);
            return false;
        }
        if (s.queue.size() >= queueLimit) {
            counters.drop(DropReason.QUEUE_FULL);
            return true;
        }
        byte[] data = new byte[length - UdpLayout.HEADER];
        System.arraycopy(b, o + UdpLayout.HEADER, data, 0, data.length);
        s.queue.addLast(new Datagram(p.src(), Bytes.u16(b, o + UdpLayout.SRC_PORT), p.dst(), data));
        events.socketReady(s.handle, readiness(s.handle));
        return true;
    }

    private int ephemeral() {
        for (int i = 0; i < 0x10000 - EPHEMERAL_FIRST; i++) {
            int p = nextEphemeral;
            nextEphemeral = p == 0xFFFF ? EPHEMERAL_FIRST : p + 1;
            if (!byPort.containsKey(p)) return p;
        }
        return 0;
    }
}
