package dev.kernite.netstack.wire;

/**
 * The IPv4 header (RFC 791). Options are accepted on receive and skipped; none are sent.
 * <pre>
 *  0               1               2               3
 *  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 * +-------+-------+---------------+-------------------------------+
 * |version|  IHL  |   DSCP/ECN    |          total length         |  0
 * +-------+-------+---------------+-----+-------------------------+
 * |         identification        |flags|     fragment offset     |  4   flags: 0 DF MF; offset in 8-byte units
 * +---------------+---------------+-----+-------------------------+
 * |      TTL      |   protocol    |        header checksum        |  8
 * +---------------+---------------+-------------------------------+
 * |                        source address                         | 12
 * +---------------------------------------------------------------+
 * |                      destination address                      | 16
 * +---------------------------------------------------------------+
 * |                 options (IHL > 5), skipped                    | 20
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Ipv4Layout {
    public static final int VERSION_IHL = 0;
    public static final int TOTAL_LENGTH = 2;
    public static final int IDENT = 4;
    public static final int FLAGS_FRAGMENT = 6;
    public static final int TTL = 8;
    public static final int PROTOCOL = 9;
    public static final int CHECKSUM = 10;
    public static final int SRC = 12;
    public static final int DST = 16;
    public static final int HEADER = 20;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int OFFSET_MASK = 0x1FFF;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int DEFAULT_TTL = 64;
    public static final int MAX_DATAGRAM = 65535;

    private Ipv4Layout() {}

    /** Writes a 20-byte header with its checksum at {@code o}. */
    public static void write(byte[] b, int o, int totalLength, int ident, int flagsFragment, int ttl, int protocol,
                             int src, int dst) {
        Bytes.put8(b, o + VERSION_IHL, 0x45);
        Bytes.put8(b, o + 1, 0);
        Bytes.put16(b, o + TOTAL_LENGTH, totalLength);
        Bytes.put16(b, o + IDENT, ident);
        Bytes.put16(b, o + FLAGS_FRAGMENT, flagsFragment);
        Bytes.put8(b, o + TTL, ttl);
        Bytes.put8(b, o + PROTOCOL, protocol);
        Bytes.put16(b, o + CHECKSUM, 0);
        Bytes.put32(b, o + SRC, src);
        Bytes.put32(b, o + DST, dst);
        Bytes.put16(b, o + CHECKSUM, Checksum.compute(b, o, HEADER));
    }
}
