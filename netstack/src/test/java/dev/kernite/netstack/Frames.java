package dev.kernite.netstack;

import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.Checksum;
import dev.kernite.netstack.wire.EthernetLayout;
import dev.kernite.netstack.wire.Ipv4Layout;
import dev.kernite.netstack.wire.TcpLayout;
import dev.kernite.netstack.wire.UdpLayout;

/** Hand-built frames for tests that speak to one engine directly (as A talking to B on the wire). */
final class Frames {
    private Frames() {}

    /** An IPv4 frame from A to B with the given payload and fragment fields. */
    static byte[] ipv4(int protocol, int ident, int flagsFragment, byte[] payload, int off, int len) {
        byte[] f = EthernetLayout.frame(Wire.B_MAC, Wire.A_MAC, EthernetLayout.TYPE_IPV4, Ipv4Layout.HEADER + len);
        Ipv4Layout.write(f, EthernetLayout.HEADER, Ipv4Layout.HEADER + len, ident, flagsFragment, 64, protocol, Wire.A_IP, Wire.B_IP);
        System.arraycopy(payload, off, f, EthernetLayout.HEADER + Ipv4Layout.HEADER, len);
        return f;
    }

    /** A whole UDP datagram (header + data) from A:srcPort to B:dstPort, checksum included. */
    static byte[] udp(int srcPort, int dstPort, byte[] data) {
        byte[] u = new byte[UdpLayout.HEADER + data.length];
        Bytes.put16(u, UdpLayout.SRC_PORT, srcPort);
        Bytes.put16(u, UdpLayout.DST_PORT, dstPort);
        Bytes.put16(u, UdpLayout.LENGTH, u.length);
        System.arraycopy(data, 0, u, UdpLayout.HEADER, data.length);
        Bytes.put16(u, UdpLayout.CHECKSUM, Checksum.transport(Wire.A_IP, Wire.B_IP, 17, u, 0, u.length));
        return u;
    }

    /** A TCP segment from A:srcPort to B:dstPort with no options. */
    static byte[] tcp(int srcPort, int dstPort, int seq, int ack, int flags, int window, byte[] data) {
        byte[] t = new byte[TcpLayout.HEADER + data.length];
        Bytes.put16(t, TcpLayout.SRC_PORT, srcPort);
        Bytes.put16(t, TcpLayout.DST_PORT, dstPort);
        Bytes.put32(t, TcpLayout.SEQ, seq);
        Bytes.put32(t, TcpLayout.ACK, ack);
        Bytes.put8(t, TcpLayout.DATA_OFFSET, 5 << 4);
        Bytes.put8(t, TcpLayout.FLAGS, flags);
        Bytes.put16(t, TcpLayout.WINDOW, window);
        System.arraycopy(data, 0, t, TcpLayout.HEADER, data.length);
        Bytes.put16(t, TcpLayout.CHECKSUM, Checksum.transport(Wire.A_IP, Wire.B_IP, 6, t, 0, t.length));
        return ipv4(Ipv4Layout.PROTO_TCP, 1, 0, t, 0, t.length);
    }
}
