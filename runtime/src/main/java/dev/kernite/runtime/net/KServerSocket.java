package dev.kernite.runtime.net;

import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import java.io.IOException;
import java.net.SocketException;

/**
 * A listening TCP socket through the netstack server, shaped like {@link java.net.ServerSocket}. Each accepted
 * connection gets a channel and buffer of its own, so it can be served on its own thread.
 *
 * <p>Thread safety: thread-safe (accepts are serialised on the channel).
 */
public final class KServerSocket implements AutoCloseable {
    private final Env env;
    private final NetChannel channel;
    private final int id;
    private final int port;
    private volatile int soTimeout = SocketProtocol.FOREVER;
    private volatile boolean closed;

    private KServerSocket(Env env, NetChannel channel, int id, int port) {
        this.env = env;
        this.channel = channel;
        this.id = id;
        this.port = port;
    }

    /** Listens on {@code port} with up to {@code backlog} connections waiting (BindException when taken). */
    public static KServerSocket bind(Env env, int port, int backlog) throws IOException {
        NetChannel ch = NetClient.channel(env, 4096);
        Message m = new SocketProtocol.Listen(port, backlog).encode(new Message());
        SocketError e = ch.call(m, m, 10_000);
        if (e != null) {
            ch.close();
            throw NetExceptions.of(e, "listen on port " + port);
        }
        return new KServerSocket(env, ch, m.getInt(0), port);
    }

    public int port() { return port; }

    /** Accept timeout in milliseconds, 0 for none. */
    public void setSoTimeout(int millis) {
        if (millis < 0) throw new IllegalArgumentException("timeout < 0");
        soTimeout = millis == 0 ? SocketProtocol.FOREVER : millis;
    }

    /** Waits for the next connection (SocketTimeoutException after the accept timeout). */
    public KSocket accept() throws IOException {
        if (closed) throw new SocketException("socket closed");
        NetChannel own = NetClient.channel(env, KSocket.BUFFER); // before ACCEPT: the connection must not wait for it
        Message m = new SocketProtocol.Accept(id, soTimeout).encode(new Message());
        SocketError e = channel.call(m, m, soTimeout);
        if (e != null) {
            own.close();
            throw NetExceptions.of(e, "accept");
        }
        return new KSocket(own, m.getInt(0), m.getInt(4), m.getInt(8));
    }

    public boolean isClosed() { return closed; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        channel.closeSocket(id);
    }
}
