package dev.kernite.kernel;

import dev.kernite.kernel.object.ProcessObject;
import dev.kernite.sys.Fd;
import dev.kernite.sys.SysException;
import dev.kernite.sys.UnixSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's listening AF_UNIX SOCK_SEQPACKET socket. Every process connects to it once, proves its identity
 * ({@link Connection}) and keeps the connection for its whole life; the socket lives in the kernel's private
 * run directory (mode 0700).
 *
 * <p>Thread safety: thread-safe; one accept thread.
 */
final class ControlServer implements AutoCloseable {
    private final Path socketPath;
    private final int listenFd;
    private final Map<ProcessObject, Connection> connections = new ConcurrentHashMap<>();
    private final Map<Connection, Boolean> all = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread acceptor;

    ControlServer(Path socketPath) throws IOException {
        Files.deleteIfExists(socketPath);
        this.socketPath = socketPath;
        try {
            this.listenFd = UnixSocket.listen(socketPath, 128);
        } catch (SysException e) {
            throw new IOException("cannot listen on " + socketPath + ": " + e.getMessage(), e);
        }
    }

    Path socketPath() { return socketPath; }

    void start(Kernel kernel) {
        acceptor = Thread.ofPlatform().name("kernel-accept").daemon().start(() -> acceptLoop(kernel));
    }

    private void acceptLoop(Kernel kernel) {
        while (!closed) {
            int fd;
            try {
                fd = UnixSocket.accept(listenFd);
            } catch (SysException e) {
                if (!closed) System.err.println("kernel: accept failed: " + e.getMessage());
                if (closed || e.errno() == 9 /* EBADF */ || e.errno() == 22 /* EINVAL */) return;
                continue;
            }
            Connection c = new Connection(kernel, this, fd);
            all.put(c, Boolean.TRUE);
            c.start();
        }
    }

    void bound(ProcessObject p, Connection c) { connections.put(p, c); }

    void forget(Connection c) {
        all.remove(c);
        connections.values().remove(c);
    }

    /** Drops the connection of a process the kernel has reclaimed. */
    void disconnect(ProcessObject p) {
        Connection c = connections.remove(p);
        if (c != null) c.close();
    }

    @Override
    public void close() {
        closed = true;
        UnixSocket.shutdown(listenFd);
        Fd.closeQuietly(listenFd);
        for (Connection c : all.keySet()) c.close();
        try {
            if (acceptor != null) acceptor.join(2000);
            Files.deleteIfExists(socketPath);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("kernel: cannot remove " + socketPath + ": " + e.getMessage());
        }
    }
}
