package dev.kernite.bench.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The bench side's listening socket for one peer: an AF_UNIX socket file in a fresh private temporary directory,
 * or a TCP port on 127.0.0.1 chosen by the kernel. It tells the peer where to connect ({@link #peerArgs}) and
 * accepts exactly one connection, giving up early if the peer dies or a deadline passes.
 *
 * <p>{@link #close()} closes the listener and deletes the socket file and its directory; a shutdown hook does
 * the same if the bench JVM is interrupted first.
 *
 * <p>Thread safety: one owning thread; the shutdown hook only deletes files, which tolerates racing close().
 */
final class Rendezvous implements AutoCloseable {

    private static final long POLL_MILLIS = 50;

    private final Transport transport;
    private final ServerSocketChannel server;
    private final Path socketDir; // null for TCP
    private final ShutdownGuard guard;

    private Rendezvous(Transport transport, ServerSocketChannel server, Path socketDir) {
        this.transport = transport;
        this.server = server;
        this.socketDir = socketDir;
        this.guard = ShutdownGuard.register("kernite-bench-socket-cleanup", this::deleteFiles);
    }

    /** Opens a listener for {@code transport}. */
    static Rendezvous open(Transport transport) throws IOException {
        return switch (transport) {
            case UDS -> openUnix();
            case TCP -> openTcp();
        };
    }

    private static Rendezvous openUnix() throws IOException {
        Path dir = Files.createTempDirectory("kernite-bench-");
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(dir.resolve("peer.sock")), 1);
            return new Rendezvous(Transport.UDS, server, dir);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(dir.resolve("peer.sock"));
            Files.deleteIfExists(dir);
            throw e;
        }
    }

    private static Rendezvous openTcp() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            server.bind(new InetSocketAddress(loopback, 0), 1);
            return new Rendezvous(Transport.TCP, server, null);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The peer's command-line arguments: transport, where to connect, and {@code mode}. */
    List<String> peerArgs(PingPongPeer.Mode mode) throws IOException {
        String where = switch (transport) {
            case UDS -> socketDir.resolve("peer.sock").toString();
            case TCP -> Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort());
        };
        return List.of(transport.key(), where, mode.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Accepts the peer's connection as a blocking channel (TCP_NODELAY set for TCP).
     *
     * @throws PeerFailedException when the peer exits first or does not connect within {@code timeout}
     */
    SocketChannel accept(PeerProcess peer, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        server.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                selector.select(POLL_MILLIS);
                SocketChannel ch = server.accept(); // blocking mode whatever the server's mode
                if (ch != null) {
                    return configure(ch);
                }
                if (!peer.isAlive()) {
                    throw peer.failure("the peer JVM exited before connecting", null);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw peer.failure("the peer JVM did not connect within " + timeout.toSeconds() + " s", null);
                }
            }
        }
    }

    private SocketChannel configure(SocketChannel ch) throws IOException {
        try {
            if (transport == Transport.TCP) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Closes the listener and deletes the socket file and directory. */
    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            deleteFiles();
            guard.close();
        }
    }

    private void deleteFiles() {
        if (socketDir == null) {
            return;
        }
        try {
            Files.deleteIfExists(socketDir.resolve("peer.sock"));
            Files.deleteIfExists(socketDir);
        } catch (IOException e) {
            System.err.println("kernite bench: cannot delete " + socketDir + ": " + e.getMessage());
        }
    }
}
