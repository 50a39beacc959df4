package dev.kernite.netstack;

import dev.kernite.netstack.arp.Arp;
import dev.kernite.netstack.ip.Icmp;
import dev.kernite.netstack.ip.Ipv4Output;
import dev.kernite.netstack.ip.Ipv4Packet;
import dev.kernite.netstack.ip.Reassembler;
import dev.kernite.netstack.tcp.Tcp;
import dev.kernite.netstack.udp.Datagram;
import dev.kernite.netstack.udp.Udp;
import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.Checksum;
import dev.kernite.netstack.wire.EthernetLayout;
import dev.kernite.netstack.wire.Ip4;
import dev.kernite.netstack.wire.Ipv4Layout;
import java.util.SplittableRandom;

/**
 * The protocol engine of one interface: Ethernet II, ARP, IPv4, ICMP, UDP and TCP, with a socket API on top.
 * It is driven by three things only — frames from the NIC ({@link #receive}), the passing of time ({@link #tick},
 * due at {@link #nextDeadline}), and socket calls — and it answers through the {@link Link} (frames out) and
 * {@link NetEvents} (readiness, ping replies). It never blocks, never sleeps and starts no thread.
 *
 * <p>Socket calls are non-blocking and return errors as values ({@link NetResult}, {@link NetError}):
 * "would block" is {@link NetError#EAGAIN}, and the caller waits for a {@link NetEvents#socketReady} event.
 * Handles are small positive ints shared by TCP and UDP sockets.
 *
 * <p>Memory is bounded by {@link NetLimits}; every dropped input is counted in {@link #counters()} by reason.
 *
 * <p>Thread safety: not thread-safe. One owner thread makes every call (the netstack server's loop).
 */
public final class NetStack {
    private final NetLimits limits;
    private final Link link;
    private final Clock clock;
    private final NetCounters counters = new NetCounters();
    private final Arp arp;
    private final Ipv4Output ipOut;
    private final Reassembler reassembler;
    private final Icmp icmp;
    private final Udp udp;
    private final Tcp tcp;
    private NetConfig config;
    private int nextHandle = 1;

    /** {@code seed} feeds initial sequence numbers and IP identifications: fixed in tests, random in the server. */
    public NetStack(NetConfig config, NetLimits limits, Link link, Clock clock, NetEvents events, long seed) {
        this.config = config;
        this.limits = limits;
        this.link = link;
        this.clock = clock;
        SplittableRandom random = new SplittableRandom(seed);
        this.arp = new Arp(config, limits, this::transmit, counters);
        this.ipOut = new Ipv4Output(config, arp, counters, clock, random.nextInt());
        this.reassembler = new Reassembler(limits, counters);
        this.icmp = new Icmp(ipOut, counters, events, clock);
        this.udp = new Udp(ipOut, counters, events, limits.udpQueueDatagrams());
        this.tcp = new Tcp(ipOut, counters, events, limits, clock, random.split());
    }

    public NetConfig config() { return config; }

    public NetLimits limits() { return limits; }

    public NetCounters counters() { return counters; }

    /** Takes a new address (after DHCP, or from the shell) and announces it with a gratuitous ARP. */
    public void reconfigure(NetConfig newConfig) {
        if (newConfig.mac() != config.mac()) throw new IllegalArgumentException("the MAC is the NIC's");
        config = newConfig;
        arp.reconfigure(newConfig);
        ipOut.reconfigure(newConfig);
        arp.announce();
    }

    // ---- the three inputs ----

    /**
     * Starts a batch of {@link #receive}s (frames that arrived together): TCP answers them once, at
     * {@link #endBatch}, with one cumulative ACK per connection instead of one per segment (delayed ACKs bounded
     * by the batch, so never by a timer). Nothing else may come between the two calls.
     */
    public void beginBatch() { tcp.beginBatch(); }

    /** Ends the batch begun by {@link #beginBatch}: what TCP owes goes out now. */
    public void endBatch() { tcp.endBatch(); }

    /** One Ethernet frame from the NIC (without FCS). The engine reads it during the call and keeps no reference. */
    public void receive(byte[] frame) { receive(frame, frame.length); }

    public void receive(byte[] frame, int length) {
        counters.add(Counter.FRAMES_IN);
        counters.add(Counter.BYTES_IN, length);
        if (length < EthernetLayout.HEADER || length > frame.length) {
            counters.drop(DropReason.TRUNCATED);
            return;
        }
        long dst = EthernetLayout.dst(frame);
        if (dst != config.mac() && dst != Ip4.MAC_BROADCAST) {
            counters.drop(DropReason.NOT_FOR_US);
            return;
        }
        int o = EthernetLayout.HEADER;
        switch (EthernetLayout.type(frame)) {
            case EthernetLayout.TYPE_ARP -> arp.receive(frame, o, length - o, clock.nowMillis());
            case EthernetLayout.TYPE_IPV4 -> receiveIpv4(frame, o, length - o);
            default -> counters.drop(DropReason.UNKNOWN_ETHERTYPE);
        }
    }

    /** Runs every timer that is due: ARP, reassembly, TCP retransmission, persist and TIME-WAIT. */
    public void tick() {
        long now = clock.nowMillis();
        arp.tick(now);
        reassembler.tick(now);
        tcp.tick(now);
    }

    /** When {@link #tick} next has work (clock milliseconds), or Long.MAX_VALUE. */
    public long nextDeadline() {
        return Math.min(arp.nextDeadline(), Math.min(reassembler.nextDeadline(), tcp.nextDeadline()));
    }

    // ---- ICMP ----

    /** Sends an echo request; the answer arrives as {@link NetEvents#pingReply}. Null when it was sent. */
    public NetError ping(int dst, int ident, int sequence, int size) { return icmp.ping(dst, ident, sequence, size); }

    // ---- UDP ----

    public NetResult udpBind(int port) { return udp.bind(port, this::newHandle); }

    public NetResult udpSendTo(int handle, int dst, int dstPort, byte[] data, int off, int len) {
        return udp.sendTo(handle, dst, dstPort, data, off, len);
    }

    /** The next datagram, or null when none is queued (EAGAIN) or the handle is no UDP socket. */
    public Datagram udpReceive(int handle) { return udp.receive(handle); }

    public int localPort(int handle) {
        return udp.owns(handle) ? udp.localPort(handle) : tcp.localPort(handle);
    }

    // ---- TCP ----

    /** Starts an active open; the socket becomes WRITABLE when established (or readable with the error). */
    public NetResult tcpConnect(int dst, int dstPort) { return tcp.connect(dst, dstPort, this::newHandle); }

    public NetResult tcpListen(int port, int backlog) { return tcp.listen(port, backlog, this::newHandle); }

    /** An established connection from the listener's queue, or EAGAIN. */
    public NetResult tcpAccept(int listener) { return tcp.accept(listener, this::newHandle); }

    /** Bytes read (0 = the peer closed), EAGAIN, or the connection's error. */
    public NetResult tcpRead(int handle, byte[] dst, int off, int len) { return tcp.read(handle, dst, off, len); }

    /** Bytes accepted into the send buffer (maybe fewer than asked), EAGAIN when it is full, EPIPE after shutdown. */
    public NetResult tcpWrite(int handle, byte[] src, int off, int len) { return tcp.write(handle, src, off, len); }

    /** Closes the sending direction (FIN after the buffered data). */
    public NetResult tcpShutdown(int handle) { return tcp.shutdown(handle); }

    /** The TCP state of a connection ("ESTABLISHED", ...), for netstat; null for no TCP socket. */
    public String tcpState(int handle) { return tcp.state(handle); }

    /** The ARP cache, for the {@code arp} command. */
    public Arp arp() { return arp; }

    /** The TCP sockets' control blocks, for tests and netstat. */
    public Tcp tcp() { return tcp; }

    // ---- both ----

    /** The socket's {@link Readiness} mask (0 for a bad handle). */
    public int readiness(int handle) { return udp.owns(handle) ? udp.readiness(handle) : tcp.readiness(handle); }

    /** Closes a socket. A TCP connection finishes gracefully (FIN) unless unread data makes it reset (RFC 2525). */
    public NetResult close(int handle) {
        if (udp.close(handle)) return NetResult.ok(0);
        return tcp.close(handle);
    }

    // ---- internals ----

    private void receiveIpv4(byte[] f, int o, int available) {
        if (available < Ipv4Layout.HEADER) {
            counters.drop(DropReason.TRUNCATED);
            return;
        }
        int versionIhl = Bytes.u8(f, o + Ipv4Layout.VERSION_IHL);
        int headerLength = (versionIhl & 0xF) * 4;
        if (versionIhl >>> 4 != 4 || headerLength < Ipv4Layout.HEADER) {
            counters.drop(DropReason.BAD_HEADER);
            return;
        }
        int total = Bytes.u16(f, o + Ipv4Layout.TOTAL_LENGTH);
        if (headerLength > available || total < headerLength || total > available) {
            counters.drop(headerLength > available ? DropReason.TRUNCATED : DropReason.BAD_LENGTH);
            return;
        }
        if (Checksum.compute(f, o, headerLength) != 0) {
            counters.drop(DropReason.BAD_CHECKSUM);
            return;
        }
        int src = Bytes.i32(f, o + Ipv4Layout.SRC);
        int dst = Bytes.i32(f, o + Ipv4Layout.DST);
        if (!forUs(dst) || src == Ip4.BROADCAST || (src >>> 28) == 0xE) {
            counters.drop(DropReason.NOT_FOR_US);
            return;
        }
        counters.add(Counter.IP_IN);
        int protocol = Bytes.u8(f, o + Ipv4Layout.PROTOCOL);
        int flagsFragment = Bytes.u16(f, o + Ipv4Layout.FLAGS_FRAGMENT);
        boolean more = (flagsFragment & Ipv4Layout.FLAG_MF) != 0;
        int fragmentOffset = (flagsFragment & Ipv4Layout.OFFSET_MASK) * 8;
        Ipv4Packet p;
        if (more || fragmentOffset != 0) {
            p = reassembler.add(src, dst, protocol, Bytes.u16(f, o + Ipv4Layout.IDENT), fragmentOffset, more,
                f, o + headerLength, total - headerLength, clock.nowMillis());
            if (p == null) return;
        } else {
            p = new Ipv4Packet(src, dst, protocol, f, o + headerLength, total - headerLength);
        }
        switch (protocol) {
            case Ipv4Layout.PROTO_ICMP -> icmp.receive(p);
            case Ipv4Layout.PROTO_UDP -> {
                boolean broadcast = dst == Ip4.BROADCAST || dst == config.subnetBroadcast();
                if (!udp.receive(p) && !broadcast && fragmentOffset == 0 && !more) icmp.portUnreachable(src, f, o, total);
            }
            case Ipv4Layout.PROTO_TCP -> tcp.receive(p, dst == config.address() && config.address() != 0);
            default -> counters.drop(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    private boolean forUs(int dst) {
        int me = config.address();
        return me == 0 || dst == me || dst == Ip4.BROADCAST || dst == config.subnetBroadcast();
    }

    private int newHandle() {
        if (tcp.socketCount() + udp.socketCount() >= limits.sockets()) return -1;
        for (;;) {
            int h = nextHandle;
            nextHandle = h == Integer.MAX_VALUE ? 1 : h + 1;
            if (!udp.owns(h) && !tcp.owns(h)) return h;
        }
    }

    private void transmit(byte[] frame) { link.send(frame); }
}
