package dev.kernite.netstack.wire;

/**
 * ICMP messages (RFC 792) this stack uses: echo request/reply and destination unreachable.
 * <pre>
 *  0       1       2               4               6               8
 * +-------+-------+---------------+---------------+---------------+----------------------
 * | type  | code  |   checksum    | identifier    | sequence      | data (echo)             type 8 / 0
 * +-------+-------+---------------+---------------+---------------+----------------------
 * |   3   | code  |   checksum    |         unused (0)            | IP header + 8 bytes     unreachable
 * +-------+-------+---------------+-------------------------------+----------------------
 * </pre>
 * The checksum covers the whole ICMP message (no pseudo-header).
 *
 * <p>Thread safety: stateless.
 */
public final class IcmpLayout {
    public static final int TYPE = 0;
    public static final int CODE = 1;
    public static final int CHECKSUM = 2;
    public static final int IDENT = 4;
    public static final int SEQUENCE = 6;
    public static final int HEADER = 8;
    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_UNREACHABLE = 3;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int CODE_PORT_UNREACHABLE = 3;

    private IcmpLayout() {}

    /** Fills in the checksum of the ICMP message at {@code o} of {@code len} bytes. */
    public static void seal(byte[] b, int o, int len) {
        Bytes.put16(b, o + CHECKSUM, 0);
        Bytes.put16(b, o + CHECKSUM, Checksum.compute(b, o, len));
    }
}
