package dev.kernite.netstack.ip;

import dev.kernite.netstack.Clock;
import dev.kernite.netstack.Counter;
import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.NetCounters;
import dev.kernite.netstack.NetError;
import dev.kernite.netstack.NetEvents;
import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.Checksum;
import dev.kernite.netstack.wire.IcmpLayout;
import dev.kernite.netstack.wire.Ipv4Layout;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ICMP (RFC 792): answers echo requests, sends echo requests for {@code ping} and reports their replies with the
 * round-trip time, and sends port-unreachable for UDP datagrams nobody is bound to. Other ICMP types are counted
 * and dropped (no path-MTU discovery, no redirects).
 *
 * <p>Bounds: at most 64 pings in flight are remembered; older ones are forgotten (their replies are dropped).
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class Icmp {
    private static final int MAX_PINGS = 64;
    /** Only this many bytes of an unanswerable datagram are quoted (RFC 792: header + 8; RFC 1812 allows more). */
    private static final int QUOTE = Ipv4Layout.HEADER + 8;

    private record PingKey(int address, int ident, int sequence) {}

    private final Ipv4Output out;
    private final NetCounters counters;
    private final NetEvents events;
    private final Clock clock;
    private final Map<PingKey, Long> pings = new LinkedHashMap<>();

    public Icmp(Ipv4Output out, NetCounters counters, NetEvents events, Clock clock) {
        this.out = out;
        this.counters = counters;
        this.events = events;
        this.clock = clock;
    }

    public void receive(Ipv4Packet p) {
        byte[] b = p.data();
        int o = p.offset();
        if (p.length() < IcmpLayout.HEADER) {
            counters.drop(DropReason.TRUNCATED);
            return;
        }
        if (Checksum.compute(b, o, p.length()) != 0) {
            counters.drop(DropReason.BAD_CHECKSUM);
            return;
        }
        counters.add(Counter.ICMP_IN);
        int type = Bytes.u8(b, o + IcmpLayout.TYPE);
        if (type == IcmpLayout.TYPE_ECHO_REQUEST && Bytes.u8(b, o + IcmpLayout.CODE) == 0) {
            byte[] frame = Ipv4Output.allocate(p.length());
            System.arraycopy(b, o, frame, Ipv4Output.PAYLOAD, p.length());
            Bytes.put8(frame, Ipv4Output.PAYLOAD + IcmpLayout.TYPE, IcmpLayout.TYPE_ECHO_REPLY);
            IcmpLayout.seal(frame, Ipv4Output.PAYLOAD, p.length());
            transmit(p.src(), frame, p.length());
        } else if (type == IcmpLayout.TYPE_ECHO_REPLY) {
            PingKey key = new PingKey(p.src(), Bytes.u16(b, o + IcmpLayout.IDENT), Bytes.u16(b, o + IcmpLayout.SEQUENCE));
            Long sent = pings.remove(key);
            if (sent == null) counters.drop(DropReason.NO_SOCKET);
            else events.pingReply(key.address(), key.ident(), key.sequence(), clock.nowMillis() - sent);
        } else {
            counters.drop(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    /** Sends an echo request with {@code size} bytes of data; the reply comes as {@link NetEvents#pingReply}. */
    public NetError ping(int dst, int ident, int sequence, int size) {
        if (size < 0 || IcmpLayout.HEADER + size > out.maxPayload()) return NetError.EMSGSIZE;
        int len = IcmpLayout.HEADER + size;
        byte[] frame = Ipv4Output.allocate(len);
        int o = Ipv4Output.PAYLOAD;
        Bytes.put8(frame, o + IcmpLayout.TYPE, IcmpLayout.TYPE_ECHO_REQUEST);
        Bytes.put16(frame, o + IcmpLayout.IDENT, ident);
        Bytes.put16(frame, o + IcmpLayout.SEQUENCE, sequence);
        for (int i = 0; i < size; i++) frame[o + IcmpLayout.HEADER + i] = (byte) (0x10 + i);
        IcmpLayout.seal(frame, o, len);
        if (pings.size() >= MAX_PINGS) pings.remove(pings.keySet().iterator().next());
        pings.put(new PingKey(dst, ident & 0xFFFF, sequence & 0xFFFF), clock.nowMillis());
        return transmit(dst, frame, len);
    }

    /** Answers the datagram whose IP header is at {@code ipOffset} of {@code b} with port unreachable. */
    public void portUnreachable(int dst, byte[] b, int ipOffset, int available) {
        int quote = Math.min(QUOTE, available);
        int len = IcmpLayout.HEADER + quote;
        byte[] frame = Ipv4Output.allocate(len);
        int o = Ipv4Output.PAYLOAD;
        Bytes.put8(frame, o + IcmpLayout.TYPE, IcmpLayout.TYPE_UNREACHABLE);
        Bytes.put8(frame, o + IcmpLayout.CODE, IcmpLayout.CODE_PORT_UNREACHABLE);
        System.arraycopy(b, ipOffset, frame, o + IcmpLayout.HEADER, quote);
        IcmpLayout.seal(frame, o, len);
        transmit(dst, frame, len);
    }

    private NetError transmit(int dst, byte[] frame, int len) {
        counters.add(Counter.ICMP_OUT);
        return out.send(dst, Ipv4Layout.PROTO_ICMP, frame, len);
    }
}
