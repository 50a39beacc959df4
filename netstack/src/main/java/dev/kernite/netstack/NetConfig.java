package dev.kernite.netstack;

import dev.kernite.netstack.wire.Ip4;

/**
 * The static configuration of the one interface: its MAC, IPv4 address and prefix, default gateway (0 for none)
 * and MTU. An address of 0.0.0.0 means "not configured yet" (DHCP is running): the stack then accepts any
 * unicast to it and sends from 0.0.0.0. Routing is two rules: on-link destinations (same prefix, or broadcast)
 * are sent directly, everything else to the gateway.
 *
 * <p>Thread safety: immutable.
 */
public record NetConfig(long mac, int address, int prefixLength, int gateway, int mtu) {
    /** The smallest MTU every IPv4 host must accept (RFC 791: 576) and the largest plain Ethernet carries. */
    public static final int MIN_MTU = 576;
    public static final int ETHERNET_MTU = 1500;
    /** The largest MTU: an IPv4 packet's length field stops at 65,535 (a point-to-point link such as a TAP may go so far). */
    public static final int MAX_MTU = 65_500;

    public NetConfig {
        if ((mac & ~Ip4.MAC_BROADCAST) != 0 || (mac & 0x0100_0000_0000L) != 0) throw new IllegalArgumentException("bad unicast MAC");
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length " + prefixLength);
        if (mtu < MIN_MTU || mtu > MAX_MTU) throw new IllegalArgumentException("MTU " + mtu + " outside " + MIN_MTU + ".." + MAX_MTU);
    }

    /** An unconfigured interface (address 0.0.0.0), as DHCP starts from. */
    public static NetConfig unconfigured(long mac) { return new NetConfig(mac, 0, 0, 0, ETHERNET_MTU); }

    public NetConfig withAddress(int newAddress, int newPrefix, int newGateway) {
        return new NetConfig(mac, newAddress, newPrefix, newGateway, mtu);
    }

    public int mask() { return Ip4.mask(prefixLength); }

    /** The directed broadcast of our subnet. */
    public int subnetBroadcast() { return address | ~mask(); }

    /** True when {@code ip} is reached without the gateway. */
    public boolean onLink(int ip) {
        return ip == Ip4.BROADCAST || (ip & mask()) == (address & mask());
    }

    /** The next hop for {@code dst}, or 0 when there is none (off-link and no gateway). */
    public int nextHop(int dst) {
        if (onLink(dst)) return dst;
        return gateway;
    }

    /** The largest TCP segment payload that fits the MTU without fragmenting (no IP or TCP options). */
    public int tcpMss() { return mtu - 40; }
}
