package dev.kernite.netstack.dhcp;

/**
 * The DHCP message (RFC 2131 §2, on the BOOTP layout of RFC 951) and the options the client uses (RFC 2132).
 * <pre>
 *  0      1      2      3      4             8       10      12       16       20       24       28         44        108       236     240
 * +------+------+------+------+-------------+-------+-------+--------+--------+--------+--------+----------+---------+---------+-------+---------
 * |  op  |htype | hlen | hops |     xid     | secs  | flags | ciaddr | yiaddr | siaddr | giaddr |  chaddr  |  sname  |  file   | magic | options
 * | 1|2  |  1   |  6   |  0   |             |       |B......|        |        |        |        | (16)     | (64)    | (128)   |99.130.83.99| ...
 * +------+------+------+------+-------------+-------+-------+--------+--------+--------+--------+----------+---------+---------+-------+---------
 * </pre>
 * Options are (code, length, value) triples; 0 is padding, 255 ends them.
 *
 * <p>Thread safety: stateless.
 */
public final class DhcpLayout {
    public static final int OP = 0;
    public static final int HTYPE = 1;
    public static final int HLEN = 2;
    public static final int XID = 4;
    public static final int FLAGS = 10;
    public static final int CIADDR = 12;
    public static final int YIADDR = 16;
    public static final int SIADDR = 20;
    public static final int CHADDR = 28;
    public static final int MAGIC = 236;
    public static final int OPTIONS = 240;
    public static final int MAGIC_COOKIE = 0x63825363;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;
    public static final int FLAG_BROADCAST = 0x8000;
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;

    public static final int OPT_PAD = 0;
    public static final int OPT_SUBNET_MASK = 1;
    public static final int OPT_ROUTER = 3;
    public static final int OPT_DNS = 6;
    public static final int OPT_REQUESTED_IP = 50;
    public static final int OPT_LEASE_TIME = 51;
    public static final int OPT_MESSAGE_TYPE = 53;
    public static final int OPT_SERVER_ID = 54;
    public static final int OPT_PARAMETERS = 55;
    public static final int OPT_END = 255;

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;

    private DhcpLayout() {}
}
