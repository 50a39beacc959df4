package dev.kernite.bench.host;

import java.nio.ByteBuffer;

/**
 * The wire layout between {@link HostIpcBench} and {@link PingPongPeer}: fixed 64-byte messages, big-endian.
 *
 * <pre>
 *  0        8        12                                  64
 *  +--------+--------+-----------------------------------+
 *  | seq    | kind   | zero padding                      |
 *  +--------+--------+-----------------------------------+
 *    long     int
 * </pre>
 *
 * In echo mode the peer sends every message back unchanged. In one-way mode the peer counts {@link #DATA}
 * messages; a {@link #FLUSH} message makes it answer with one 8-byte long, the number of DATA messages since
 * the previous FLUSH, and start counting again.
 *
 * <p>Thread safety: stateless.
 */
public final class PingPongLayout {

    /** Bytes in every message. */
    public static final int MESSAGE_SIZE = 64;
    /** Bytes in a one-way acknowledgement (a long count). */
    public static final int ACK_SIZE = Long.BYTES;

    static final int SEQ_OFFSET = 0;
    static final int KIND_OFFSET = 8;

    /** An ordinary message. */
    static final int DATA = 0;
    /** One-way mode: answer with the DATA count since the last FLUSH. */
    static final int FLUSH = 1;

    private PingPongLayout() {
    }

    /** A direct buffer holding one zeroed message of {@code kind}. */
    static ByteBuffer newMessage(int kind) {
        ByteBuffer b = ByteBuffer.allocateDirect(MESSAGE_SIZE);
        b.putInt(KIND_OFFSET, kind);
        return b;
    }
}
