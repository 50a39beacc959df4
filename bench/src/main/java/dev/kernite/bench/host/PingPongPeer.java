package dev.kernite.bench.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The far end of the host IPC baselines: a plain JVM that {@link HostIpcBench} spawns. It connects to the bench
 * JVM, serves one connection and exits when the bench closes it.
 *
 * <pre>
 *   PingPongPeer uds SOCKET_PATH [echo|oneway]
 *   PingPongPeer tcp PORT        [echo|oneway]
 * </pre>
 *
 * {@code echo} (the default) sends every 64-byte message back. {@code oneway} only reads and counts, and answers
 * each FLUSH with the count ({@link PingPongLayout}). Both use blocking NIO; TCP goes to 127.0.0.1 only, with
 * TCP_NODELAY. Exit status: 0 after a clean end of stream, 1 on an I/O error, 2 on bad arguments.
 *
 * <p>Thread safety: runs on its main thread only.
 */
public final class PingPongPeer {

    /** One-way mode reads this much at a time; a stream reader takes whatever has arrived. */
    private static final int ONEWAY_READ_BUFFER = 64 * 1024;

    /** What the peer does with the connection. */
    enum Mode { ECHO, ONEWAY }

    private PingPongPeer() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            usage("expected 2 or 3 arguments, got " + args.length);
        }
        Mode mode = args.length == 3 ? mode(args[2]) : Mode.ECHO;
        try (SocketChannel ch = connect(args[0], args[1])) {
            switch (mode) {
                case ECHO -> echo(ch);
                case ONEWAY -> countOneWay(ch);
            }
        } catch (IOException e) {
            System.err.println("PingPongPeer: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static Mode mode(String word) {
        return switch (word) {
            case "echo" -> Mode.ECHO;
            case "oneway" -> Mode.ONEWAY;
            default -> throw usage("unknown mode '" + word + "' (echo or oneway)");
        };
    }

    private static SocketChannel connect(String transport, String where) throws IOException {
        return switch (transport) {
            case "uds" -> SocketChannel.open(UnixDomainSocketAddress.of(Path.of(where)));
            case "tcp" -> connectTcp(port(where));
            default -> throw usage("unknown transport '" + transport + "' (uds or tcp)");
        };
    }

    private static SocketChannel connectTcp(int port) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            ch.connect(new InetSocketAddress(loopback, port));
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static int port(String word) {
        try {
            int port = Integer.parseInt(word);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw usage("bad TCP port '" + word + "'");
    }

    /** Sends every message back until the bench closes the connection. */
    private static void echo(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(PingPongLayout.MESSAGE_SIZE);
        while (true) {
            b.clear();
            if (!SocketIo.readFully(ch, b)) {
                return;
            }
            b.flip();
            SocketIo.writeFully(ch, b);
        }
    }

    /** Counts DATA messages and answers each FLUSH with the count, until the bench closes the connection. */
    private static void countOneWay(SocketChannel ch) throws IOException {
        ByteBuffer in = ByteBuffer.allocateDirect(ONEWAY_READ_BUFFER);
        ByteBuffer ack = ByteBuffer.allocateDirect(PingPongLayout.ACK_SIZE);
        long count = 0;
        while (ch.read(in) >= 0) {
            in.flip();
            while (in.remaining() >= PingPongLayout.MESSAGE_SIZE) {
                int kind = in.getInt(in.position() + PingPongLayout.KIND_OFFSET);
                in.position(in.position() + PingPongLayout.MESSAGE_SIZE);
                if (kind == PingPongLayout.FLUSH) {
                    ack.clear();
                    ack.putLong(0, count);
                    SocketIo.writeFully(ch, ack);
                    count = 0;
                } else {
                    count++;
                }
            }
            in.compact();
        }
    }

    /** Prints a usage error and exits with status 2; declared to return so call sites can {@code throw}. */
    private static IllegalArgumentException usage(String problem) {
        System.err.println("PingPongPeer: " + problem);
        System.err.println("usage: PingPongPeer uds SOCKET_PATH [echo|oneway] | tcp PORT [echo|oneway]");
        System.exit(2);
        return new IllegalArgumentException(problem);
    }
}
