package dev.kernite.runtime.net;

import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;
import java.time.Duration;

/**
 * A TCP connection through the netstack server, shaped like {@link java.net.Socket}: streams, a read timeout,
 * half-close. It has a channel and a buffer of its own ({@link NetChannel}), so several sockets of a process work
 * in parallel; bytes move through the buffer (the first half for reads, the second for writes), never in messages.
 * A blocking read or write waits in the server, not here. Errors are java.net's IOExceptions ({@link NetExceptions}).
 *
 * <p>Reads are buffered: each READ asks the server for as much as the read half holds, whatever the caller's
 * {@code len}, and later reads are served from what is left there before the next READ. A read round trip to
 * the server costs far more than a system call does on Linux (two hand-offs between processes; 0.1–2 ms each on
 * a busy 2-vCPU host, measured), so an application reading 8 KiB at a time must not pay one per read.
 *
 * <p>Thread safety: thread-safe, but calls are serialised on the socket's one channel: a write waits while a read
 * is parked in the server. Use it from one thread at a time, as a request/response protocol does.
 */
public final class KSocket implements AutoCloseable {
    /** Buffer per socket: half for reading, half for writing. */
    public static final int BUFFER = 1024 * 1024;
    private static final int HALF = BUFFER / 2;

    private final NetChannel channel;
    private final int id;
    private final int remoteAddress;
    private final int remotePort;
    private final Message request = new Message(), reply = new Message();
    private volatile int soTimeout = SocketProtocol.FOREVER;
    private volatile boolean closed;
    private boolean eof;
    private int readPos, readEnd;  // what the last READ brought and the caller has not taken: [readPos, readEnd) of the read half
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    KSocket(NetChannel channel, int id, int remoteAddress, int remotePort) {
        this.channel = channel;
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
    }

    /** Resolves {@code host} and connects to {@code port} within {@code timeout}. */
    public static KSocket connect(Env env, String host, int port, Duration timeout) throws IOException {
        NetChannel ch = NetClient.channel(env, BUFFER);
        try {
            int address = NetClient.resolve(ch, host, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            Message m = new SocketProtocol.Connect(address, port, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()))).encode(new Message());
            SocketError e = ch.call(m, m, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            if (e != null) throw NetExceptions.of(e, "connect to " + host + ":" + port);
            return new KSocket(ch, m.getInt(0), address, port);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public InputStream getInputStream() { return in; }

    public OutputStream getOutputStream() { return out; }

    /** Read timeout in milliseconds, 0 for none (as {@link java.net.Socket#setSoTimeout}). */
    public void setSoTimeout(int millis) {
        if (millis < 0) throw new IllegalArgumentException("timeout < 0");
        soTimeout = millis == 0 ? SocketProtocol.FOREVER : millis;
    }

    public int remoteAddress() { return remoteAddress; }

    public int remotePort() { return remotePort; }

    /** The server's id of this socket (as netstat shows it). */
    public int id() { return id; }

    /** Reads up to {@code len} bytes; -1 at end of stream. Waits (up to the read timeout) for at least one. */
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        synchronized (request) {
            check();
            if (readPos == readEnd) {
                if (eof) return -1;
                int timeout = soTimeout;
                SocketError e = channel.call(new SocketProtocol.Read(id, 0, HALF, timeout).encode(request), reply, timeout);
                if (e != null) throw NetExceptions.of(e, "read");
                int got = reply.getInt(0);
                if (got < 0 || got > HALF) throw new SocketException("read: the server answered " + got + " bytes");
                if (got == 0) {
                    eof = true;
                    return -1;
                }
                readPos = 0;
                readEnd = got;
            }
            int n = Math.min(len, readEnd - readPos);
            MemorySegment.copy(channel.buffer(), ValueLayout.JAVA_BYTE, readPos, b, off, n);
            readPos += n;
            return n;
        }
    }

    /** Writes all of {@code len} bytes, waiting in the server while its send buffer is full. */
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        synchronized (out) {
            Message req = new Message(), rep = new Message();
            while (len > 0) {
                check();
                int n = Math.min(len, HALF);
                MemorySegment.copy(b, off, channel.buffer(), ValueLayout.JAVA_BYTE, HALF, n);
                SocketError e = channel.call(new SocketProtocol.Write(id, HALF, n, SocketProtocol.FOREVER).encode(req), rep, SocketProtocol.FOREVER);
                if (e != null) throw NetExceptions.of(e, "write");
                int put = rep.getInt(0);
                if (put <= 0 || put > n) throw new SocketException("write: the server took " + put + " bytes");
                off += put;
                len -= put;
            }
        }
    }

    /** Sends FIN after what was written; reading goes on. */
    public void shutdownOutput() throws IOException {
        check();
        Message m = new SocketProtocol.Shutdown(id).encode(new Message());
        SocketError e = channel.call(m, m, 10_000);
        if (e != null) throw NetExceptions.of(e, "shutdown");
    }

    public boolean isClosed() { return closed; }

    /** Closes the connection (FIN, or RST when the server holds data not yet read) and the channel. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        channel.closeSocket(id);
    }

    private void check() throws SocketException {
        if (closed) throw new SocketException("socket closed");
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return KSocket.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException { return KSocket.this.read(b, off, len); }

        @Override
        public void close() { KSocket.this.close(); }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException { KSocket.this.write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException { KSocket.this.write(b, off, len); }

        @Override
        public void close() { KSocket.this.close(); }
    }
}
