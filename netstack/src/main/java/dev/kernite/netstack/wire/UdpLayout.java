package dev.kernite.netstack.wire;

/**
 * The UDP header (RFC 768).
 * <pre>
 *  0               2               4               6               8
 * +---------------+---------------+---------------+---------------+-----------
 * | source port   | dest port     | length (hdr+data) | checksum  | data
 * +---------------+---------------+---------------+---------------+-----------
 * </pre>
 * The checksum covers the pseudo-header (src, dst, 0, 17, length), header and data. A received checksum of 0
 * means "none" (allowed over IPv4); a computed 0 is sent as 0xFFFF.
 *
 * <p>Thread safety: stateless.
 */
public final class UdpLayout {
    public static final int SRC_PORT = 0;
    public static final int DST_PORT = 2;
    public static final int LENGTH = 4;
    public static final int CHECKSUM = 6;
    public static final int HEADER = 8;

    private UdpLayout() {}
}
