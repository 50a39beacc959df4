package dev.kernite.netstack.wire;

/**
 * The TCP header (RFC 9293 §3.1) and the options this stack speaks.
 * <pre>
 *  0               1               2               3
 *  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 * +-------------------------------+-------------------------------+
 * |          source port          |        destination port       |  0
 * +-------------------------------+-------------------------------+
 * |                        sequence number                        |  4
 * +---------------------------------------------------------------+
 * |                     acknowledgment number                     |  8
 * +-------+-------+---------------+-------------------------------+
 * | d.off | rsvd  |C E U A P R S F|            window             | 12   d.off: header length in words
 * +-------+-------+---------------+-------------------------------+
 * |           checksum            |        urgent pointer         | 16
 * +-------------------------------+-------------------------------+
 * |  options: MSS (2,4,mss) · window scale (3,3,shift) · NOP (1) · end (0) ...  | 20
 * </pre>
 * Options other than MSS and window scale are skipped (SACK and timestamps are not spoken).
 *
 * <p>Thread safety: stateless.
 */
public final class TcpLayout {
    public static final int SRC_PORT = 0;
    public static final int DST_PORT = 2;
    public static final int SEQ = 4;
    public static final int ACK = 8;
    public static final int DATA_OFFSET = 12;
    public static final int FLAGS = 13;
    public static final int WINDOW = 14;
    public static final int CHECKSUM = 16;
    public static final int URGENT = 18;
    public static final int HEADER = 20;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK_FLAG = 0x10;
    public static final int URG = 0x20;
    public static final int OPT_END = 0;
    public static final int OPT_NOP = 1;
    public static final int OPT_MSS = 2;
    public static final int OPT_WSCALE = 3;
    /** MSS (4 bytes) + NOP + window scale (3 bytes), as sent on a SYN. */
    public static final int SYN_OPTIONS = 8;

    private TcpLayout() {}
}
