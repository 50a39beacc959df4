package dev.kernite.netstack.dns;

/**
 * The DNS message (RFC 1035 §4.1) as the resolver uses it.
 * <pre>
 *  header (12 bytes)                         question                       answer (resource record)
 * +------+------+------+------+------+------+ +------+-------+--------+      +------+------+-------+-----+--------+-------+
 * |  id  |flags |qdcnt |ancnt |nscnt |arcnt | | name | qtype | qclass |      | name | type | class | ttl | rdlen  | rdata |
 * +------+------+------+------+------+------+ +------+-------+--------+      +------+------+-------+-----+--------+-------+
 *   16b    QR|opcode(4)|AA|TC|RD|RA|Z(3)|RCODE(4)                               name: labels (len ≤ 63) ending in 0, or a
 *                                                                              pointer 11xxxxxx xxxxxxxx to an earlier name
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class DnsLayout {
    public static final int ID = 0;
    public static final int FLAGS = 2;
    public static final int QDCOUNT = 4;
    public static final int ANCOUNT = 6;
    public static final int HEADER = 12;
    public static final int FLAG_QR = 0x8000;
    public static final int FLAG_TC = 0x0200;
    public static final int FLAG_RD = 0x0100;
    public static final int RCODE_MASK = 0xF;
    public static final int TYPE_A = 1;
    public static final int TYPE_CNAME = 5;
    public static final int CLASS_IN = 1;
    public static final int MAX_NAME = 255;
    public static final int MAX_LABEL = 63;
    /** The classic UDP limit (RFC 1035 §4.2.1); no EDNS. */
    public static final int MAX_UDP_MESSAGE = 512;
    public static final int PORT = 53;

    private DnsLayout() {}
}
