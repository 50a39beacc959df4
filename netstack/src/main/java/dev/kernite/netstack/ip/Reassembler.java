package dev.kernite.netstack.ip;

import dev.kernite.netstack.Counter;
import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.NetCounters;
import dev.kernite.netstack.NetLimits;
import dev.kernite.netstack.wire.Ipv4Layout;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * IPv4 fragment reassembly (RFC 791 §3.2, RFC 815's idea with a bitmap of 8-byte blocks instead of a hole list).
 * Datagrams are keyed by (source, destination, protocol, identification). Overlapping fragments are accepted and
 * the bytes that arrived first win (so a later overlap cannot rewrite a header that was checked already).
 *
 * <p>Bounds: at most {@code reassemblies} datagrams at once (a fragment of a further one is dropped and counted),
 * each at most 65535 bytes; a datagram not complete {@code reassemblyMillis} after its first fragment is dropped.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class Reassembler {
    private static final int MAX_PAYLOAD = Ipv4Layout.MAX_DATAGRAM - Ipv4Layout.HEADER;

    private record Key(int src, int dst, int protocol, int ident) {}

    private static final class Datagram {
        final byte[] data = new byte[MAX_PAYLOAD];
        final BitSet blocks = new BitSet();
        int total = -1;           // payload length, known once the last fragment (MF clear) arrived
        long deadline;
    }

    private final Map<Key, Datagram> pending = new HashMap<>();
    private final NetLimits limits;
    private final NetCounters counters;

    public Reassembler(NetLimits limits, NetCounters counters) {
        this.limits = limits;
        this.counters = counters;
    }

    /**
     * Adds one fragment: {@code payloadLength} bytes at {@code payloadOffset} of {@code b}, which belong at byte
     * {@code fragmentOffset} of the datagram. Returns the whole datagram when this fragment completed it, else null.
     */
    public Ipv4Packet add(int src, int dst, int protocol, int ident, int fragmentOffset, boolean more,
                          byte[] b, int payloadOffset, int payloadLength, long now) {
        counters.add(Counter.FRAGMENTS_IN);
        int end = fragmentOffset + payloadLength;
        if (end > MAX_PAYLOAD || payloadLength == 0 || more && payloadLength % 8 != 0) {
            counters.drop(DropReason.FRAGMENT_BAD);
            return null;
        }
        Key key = new Key(src, dst, protocol, ident);
        Datagram d = pending.get(key);
        if (d == null) {
            if (pending.size() >= limits.reassemblies()) {
                counters.drop(DropReason.FRAGMENT_LIMIT);
                return null;
            }
            d = new Datagram();
            d.deadline = now + limits.reassemblyMillis();
            pending.put(key, d);
        }
        if (!more && d.total >= 0 && d.total != end || d.total >= 0 && end > d.total
            || !more && d.blocks.length() * 8 > end + 7) {
            pending.remove(key);           // fragments that contradict each other: the datagram is garbage
            counters.drop(DropReason.FRAGMENT_BAD);
            return null;
        }
        if (!more) d.total = end;
        for (int block = fragmentOffset / 8; block * 8 < end; block++) {
            if (d.blocks.get(block)) continue;
            int from = block * 8;
            int n = Math.min(8, end - from);
            System.arraycopy(b, payloadOffset + from - fragmentOffset, d.data, from, n);
            d.blocks.set(block);
        }
        if (d.total < 0 || d.blocks.nextClearBit(0) * 8 < d.total) return null;
        pending.remove(key);
        counters.add(Counter.DATAGRAMS_REASSEMBLED);
        return new Ipv4Packet(src, dst, protocol, d.data, 0, d.total);
    }

    /** Drops datagrams whose time ran out. */
    public void tick(long now) {
        for (Iterator<Datagram> it = pending.values().iterator(); it.hasNext(); ) {
            if (now >= it.next().deadline) {
                it.remove();
                counters.drop(DropReason.FRAGMENT_TIMEOUT);
            }
        }
    }

    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Datagram d : pending.values()) next = Math.min(next, d.deadline);
        return next;
    }

    public int inProgress() { return pending.size(); }
}
