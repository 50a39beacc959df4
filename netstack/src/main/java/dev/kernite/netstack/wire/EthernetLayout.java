package dev.kernite.netstack.wire;

/**
 * Ethernet II frame header (no 802.1Q tag, no FCS: the NIC strips and adds it).
 * <pre>
 *  0                   6                  12        14
 * +-------------------+-------------------+---------+-------------------
 * | destination MAC   | source MAC        | type    | payload (46..MTU)
 * +-------------------+-------------------+---------+-------------------
 * </pre>
 * Frames shorter than 60 bytes are padded on send (the minimum without FCS); padding is ignored on receive,
 * since IPv4 and ARP carry their own lengths.
 *
 * <p>Thread safety: stateless.
 */
public final class EthernetLayout {
    public static final int DST = 0;
    public static final int SRC = 6;
    public static final int TYPE = 12;
    public static final int HEADER = 14;
    public static final int MIN_FRAME = 60;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;

    private EthernetLayout() {}

    public static long dst(byte[] f) { return Bytes.u48(f, DST); }

    public static long src(byte[] f) { return Bytes.u48(f, SRC); }

    public static int type(byte[] f) { return Bytes.u16(f, TYPE); }

    /** A frame with room for {@code payloadLength} bytes after the header, header written, padded to 60 bytes. */
    public static byte[] frame(long dst, long src, int type, int payloadLength) {
        byte[] f = new byte[Math.max(MIN_FRAME, HEADER + payloadLength)];
        Bytes.put48(f, DST, dst);
        Bytes.put48(f, SRC, src);
        Bytes.put16(f, TYPE, type);
        return f;
    }
}
