package dev.kernite.netstack.ip;

import dev.kernite.netstack.Clock;
import dev.kernite.netstack.Counter;
import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.NetConfig;
import dev.kernite.netstack.NetCounters;
import dev.kernite.netstack.NetError;
import dev.kernite.netstack.arp.Arp;
import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.EthernetLayout;
import dev.kernite.netstack.wire.Ip4;
import dev.kernite.netstack.wire.Ipv4Layout;

/**
 * Sends IPv4 datagrams: picks the next hop (on-link or the gateway), writes the IP and Ethernet headers and hands
 * the frame to ARP. Transport layers build their payload in place in a frame from {@link #allocate}, so a segment
 * is written once. No fragmentation on send: TCP's MSS keeps segments within the MTU, and a UDP datagram or ping
 * that would not fit is refused with EMSGSIZE.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class Ipv4Output {
    /** Where the transport header starts in a frame from {@link #allocate}. */
    public static final int PAYLOAD = EthernetLayout.HEADER + Ipv4Layout.HEADER;

    private final Arp arp;
    private final NetCounters counters;
    private final Clock clock;
    private NetConfig config;
    private int ident;

    public Ipv4Output(NetConfig config, Arp arp, NetCounters counters, Clock clock, int firstIdent) {
        this.config = config;
        this.arp = arp;
        this.counters = counters;
        this.clock = clock;
        this.ident = firstIdent & 0xFFFF;
    }

    public void reconfigure(NetConfig newConfig) { this.config = newConfig; }

    public NetConfig config() { return config; }

    /** The largest transport payload (header included) one datagram carries. */
    public int maxPayload() { return config.mtu() - Ipv4Layout.HEADER; }

    /** A frame with room for a transport message of {@code length} bytes at {@link #PAYLOAD}. */
    public static byte[] allocate(int length) {
        return new byte[Math.max(EthernetLayout.MIN_FRAME, PAYLOAD + length)];
    }

    /** Sends the transport message of {@code length} bytes at {@link #PAYLOAD} of {@code frame}; null when it left. */
    public NetError send(int dst, int protocol, byte[] frame, int length) {
        if (length > maxPayload()) return NetError.EMSGSIZE;
        int nextHop = config.address() == 0 && dst != Ip4.BROADCAST ? 0 : config.nextHop(dst);
        if (nextHop == 0) {
            counters.drop(DropReason.NO_ROUTE);
            return NetError.ENETUNREACH;
        }
        Bytes.put48(frame, EthernetLayout.SRC, config.mac());
        Bytes.put16(frame, EthernetLayout.TYPE, EthernetLayout.TYPE_IPV4);
        ident = (ident + 1) & 0xFFFF;
        Ipv4Layout.write(frame, EthernetLayout.HEADER, Ipv4Layout.HEADER + length, ident, Ipv4Layout.FLAG_DF,
            Ipv4Layout.DEFAULT_TTL, protocol, config.address(), dst);
        counters.add(Counter.IP_OUT);
        arp.send(nextHop, frame, clock.nowMillis());
        return null;
    }
}
