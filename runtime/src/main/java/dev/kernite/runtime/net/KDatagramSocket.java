package dev.kernite.runtime.net;

import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;

/**
 * A UDP socket through the netstack server, shaped like {@link java.net.DatagramSocket}.
 *
 * <p>Thread safety: thread-safe (calls are serialised on its channel; a receive waiting blocks sends meanwhile).
 */
public final class KDatagramSocket implements AutoCloseable {
    /** Largest datagram: what one IPv4 packet carries. */
    public static final int MAX_DATAGRAM = 65_507;

    /** A datagram received: its length (possibly cut to the caller's array) and its sender. */
    public record Received(int length, int address, int port) {}

    private final NetChannel channel;
    private final int id;
    private final int port;
    private volatile int soTimeout = SocketProtocol.FOREVER;
    private volatile boolean closed;

    private KDatagramSocket(NetChannel channel, int id, int port) {
        this.channel = channel;
        this.id = id;
        this.port = port;
    }

    /** Binds {@code port} (0: any free one). */
    public static KDatagramSocket bind(Env env, int port) throws IOException {
        NetChannel ch = NetClient.channel(env, 2L * MAX_DATAGRAM + 4096);
        Message m = new SocketProtocol.BindUdp(port).encode(new Message());
        SocketError e = ch.call(m, m, 10_000);
        if (e != null) {
            ch.close();
            throw NetExceptions.of(e, "bind port " + port);
        }
        return new KDatagramSocket(ch, m.getInt(0), m.getInt(4));
    }

    public int localPort() { return port; }

    public void setSoTimeout(int millis) {
        if (millis < 0) throw new IllegalArgumentException("timeout < 0");
        soTimeout = millis == 0 ? SocketProtocol.FOREVER : millis;
    }

    public synchronized void send(byte[] data, int off, int len, int address, int toPort) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        if (closed) throw new SocketException("socket closed");
        if (len > MAX_DATAGRAM) throw new SocketException("datagram of " + len + " bytes: too long");
        MemorySegment.copy(data, off, channel.buffer(), ValueLayout.JAVA_BYTE, MAX_DATAGRAM, len);
        Message m = new SocketProtocol.SendTo(id, address, toPort, MAX_DATAGRAM, len).encode(new Message());
        SocketError e = channel.call(m, m, 10_000);
        if (e != null) throw NetExceptions.of(e, "send");
    }

    /** Waits (up to the timeout) for a datagram; its bytes land in {@code into}, cut to its length. */
    public synchronized Received receive(byte[] into) throws IOException {
        if (closed) throw new SocketException("socket closed");
        int max = Math.min(into.length, MAX_DATAGRAM);
        Message m = new SocketProtocol.RecvFrom(id, 0, max, soTimeout).encode(new Message());
        SocketError e = channel.call(m, m, soTimeout);
        if (e != null) throw NetExceptions.of(e, "receive");
        int n = m.getInt(0);
        if (n < 0 || n > max) throw new SocketException("receive: the server answered " + n + " bytes");
        MemorySegment.copy(channel.buffer(), ValueLayout.JAVA_BYTE, 0, into, 0, n);
        return new Received(n, m.getInt(4), m.getInt(8));
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        channel.closeSocket(id);
    }
}
