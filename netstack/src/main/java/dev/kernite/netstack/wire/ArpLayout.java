package dev.kernite.netstack.wire;

/**
 * ARP for IPv4 over Ethernet (RFC 826), after the Ethernet header.
 * <pre>
 *  0       2       4   5   6       8                14          18                24          28
 * +-------+-------+---+---+-------+----------------+-----------+-----------------+-----------+
 * | htype | ptype |hln|pln| oper  | sender MAC     | sender IP | target MAC      | target IP |
 * |   1   | 0x800 | 6 | 4 | 1|2   |                |           | (0 in requests) |           |
 * +-------+-------+---+---+-------+----------------+-----------+-----------------+-----------+
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class ArpLayout {
    public static final int HTYPE = 0;
    public static final int PTYPE = 2;
    public static final int HLEN = 4;
    public static final int PLEN = 5;
    public static final int OPER = 6;
    public static final int SENDER_MAC = 8;
    public static final int SENDER_IP = 14;
    public static final int TARGET_MAC = 18;
    public static final int TARGET_IP = 24;
    public static final int LENGTH = 28;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    private ArpLayout() {}

    /** A whole Ethernet frame carrying one ARP message. */
    public static byte[] frame(long ethDst, int op, long senderMac, int senderIp, long targetMac, int targetIp) {
        byte[] f = EthernetLayout.frame(ethDst, senderMac, EthernetLayout.TYPE_ARP, LENGTH);
        int o = EthernetLayout.HEADER;
        Bytes.put16(f, o + HTYPE, 1);
        Bytes.put16(f, o + PTYPE, EthernetLayout.TYPE_IPV4);
        Bytes.put8(f, o + HLEN, 6);
        Bytes.put8(f, o + PLEN, 4);
        Bytes.put16(f, o + OPER, op);
        Bytes.put48(f, o + SENDER_MAC, senderMac);
        Bytes.put32(f, o + SENDER_IP, senderIp);
        Bytes.put48(f, o + TARGET_MAC, targetMac);
        Bytes.put32(f, o + TARGET_IP, targetIp);
        return f;
    }

    /** True when the ARP message at {@code o} (with {@code len} bytes there) is Ethernet/IPv4 and long enough. */
    public static boolean wellFormed(byte[] f, int o, int len) {
        return len >= LENGTH && Bytes.u16(f, o + HTYPE) == 1 && Bytes.u16(f, o + PTYPE) == EthernetLayout.TYPE_IPV4
            && Bytes.u8(f, o + HLEN) == 6 && Bytes.u8(f, o + PLEN) == 4;
    }
}
