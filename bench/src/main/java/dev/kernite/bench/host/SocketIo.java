package dev.kernite.bench.host;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Whole-buffer blocking reads and writes on a socket channel, shared by both ends of the host benchmarks.
 *
 * <p>Thread safety: stateless.
 */
final class SocketIo {

    private SocketIo() {
    }

    /** Writes {@code b} from its position to its limit. */
    static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * Fills {@code b} from its position to its limit.
     *
     * @return false on a clean end of stream before the first byte; true when {@code b} was filled
     * @throws EOFException when the stream ends part way through
     */
    static boolean readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        boolean any = false;
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                if (!any) {
                    return false;
                }
                throw new EOFException("connection closed part way through a message");
            }
            any = true;
        }
        return true;
    }
}
