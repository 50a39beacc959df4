package dev.kernite.netstack.tcp;

import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.ip.Ipv4Packet;
import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.Checksum;
import dev.kernite.netstack.wire.Ipv4Layout;
import dev.kernite.netstack.wire.TcpLayout;

/**
 * A received TCP segment, decoded and checked (length, data offset, checksum, option layout) before any state is
 * touched. The data still lies in the received frame; whoever keeps it copies it.
 *
 * @param mss    the MSS option, or -1
 * @param wscale the window-scale option's shift (clamped to 14, RFC 7323 §2.3), or -1
 *
 * <p>Thread safety: immutable reference; the array belongs to the engine's thread.
 */
public record TcpSegment(int src, int dst, int srcPort, int dstPort, int seq, int ack, int flags, int window,
                         int mss, int wscale, byte[] buf, int dataOffset, int dataLength) {

    /** The decoded segment, or a {@link DropReason} saying why it is not one. */
    public sealed interface Decoded permits Ok, Bad {}

    public record Ok(TcpSegment segment) implements Decoded {}

    public record Bad(DropReason reason) implements Decoded {}

    public static Decoded decode(Ipv4Packet p) {
        byte[] b = p.data();
        int o = p.offset();
        int len = p.length();
        if (len < TcpLayout.HEADER) return new Bad(DropReason.TRUNCATED);
        int headerLength = (Bytes.u8(b, o + TcpLayout.DATA_OFFSET) >>> 4) * 4;
        if (headerLength < TcpLayout.HEADER || headerLength > len) return new Bad(DropReason.BAD_LENGTH);
        if (Checksum.transport(p.src(), p.dst(), Ipv4Layout.PROTO_TCP, b, o, len) != 0) return new Bad(DropReason.BAD_CHECKSUM);
        int flags = Bytes.u8(b, o + TcpLayout.FLAGS);
        if ((flags & TcpLayout.SYN) != 0 && (flags & (TcpLayout.FIN | TcpLayout.RST)) != 0) return new Bad(DropReason.BAD_HEADER);
        int srcPort = Bytes.u16(b, o + TcpLayout.SRC_PORT);
        int dstPort = Bytes.u16(b, o + TcpLayout.DST_PORT);
        if (srcPort == 0 || dstPort == 0) return new Bad(DropReason.BAD_HEADER);
        int mss = -1;
        int wscale = -1;
        for (int i = o + TcpLayout.HEADER, end = o + headerLength; i < end; ) {
            int kind = Bytes.u8(b, i);
            if (kind == TcpLayout.OPT_END) break;
            if (kind == TcpLayout.OPT_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) return new Bad(DropReason.BAD_HEADER);
            int optLen = Bytes.u8(b, i + 1);
            if (optLen < 2 || i + optLen > end) return new Bad(DropReason.BAD_HEADER);
            if (kind == TcpLayout.OPT_MSS && optLen == 4) mss = Bytes.u16(b, i + 2);
            else if (kind == TcpLayout.OPT_WSCALE && optLen == 3) wscale = Math.min(14, Bytes.u8(b, i + 2));
            i += optLen;
        }
        return new Ok(new TcpSegment(p.src(), p.dst(), srcPort, dstPort, Bytes.i32(b, o + TcpLayout.SEQ),
            Bytes.i32(b, o + TcpLayout.ACK), flags, Bytes.u16(b, o + TcpLayout.WINDOW), mss, wscale, b,
            o + headerLength, len - headerLength));
    }

    public boolean has(int flag) { return (flags & flag) != 0; }

    /** SEG.LEN: data plus one for each of SYN and FIN. */
    public int length() { return dataLength + (has(TcpLayout.SYN) ? 1 : 0) + (has(TcpLayout.FIN) ? 1 : 0); }
}
