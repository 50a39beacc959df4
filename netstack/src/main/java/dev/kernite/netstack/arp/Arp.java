package dev.kernite.netstack.arp;

import dev.kernite.netstack.Counter;
import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.Link;
import dev.kernite.netstack.NetConfig;
import dev.kernite.netstack.NetCounters;
import dev.kernite.netstack.NetLimits;
import dev.kernite.netstack.wire.ArpLayout;
import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.EthernetLayout;
import dev.kernite.netstack.wire.Ip4;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ARP (RFC 826): answers requests for our address, keeps a bounded neighbour cache with timeouts, and holds a few
 * frames per neighbour while it is being resolved. Outgoing IPv4 frames come here with their destination MAC
 * still blank; they leave at once when the next hop is known, else after the reply (or are dropped and counted
 * as {@link DropReason#ARP_UNRESOLVED} when {@code arpRetries} requests go unanswered).
 *
 * <p>Bounds: at most {@code arpCacheEntries} entries (the least recently added is evicted) and
 * {@code arpPendingPackets} frames per pending entry.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class Arp {
    private static final class Entry {
        long mac = -1;            // -1 while pending
        long expires;             // resolved: when to forget; pending: when to send the next request
        int requests;
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    }

    private final Link link;
    private final NetCounters counters;
    private final NetLimits limits;
    private final Map<Integer, Entry> entries = new LinkedHashMap<>();
    private NetConfig config;

    public Arp(NetConfig config, NetLimits limits, Link link, NetCounters counters) {
        this.config = config;
        this.limits = limits;
        this.link = link;
        this.counters = counters;
    }

    public void reconfigure(NetConfig newConfig) { this.config = newConfig; }

    /** The cached MAC of {@code ip}, or -1. */
    public long lookup(int ip) {
        Entry e = entries.get(ip);
        return e == null ? -1 : e.mac;
    }

    public int size() { return entries.size(); }

    /** Every cache entry, oldest first, to {@code each} (address, MAC or -1 while pending): for the {@code arp} command. */
    public void forEach(java.util.function.ObjLongConsumer<Integer> each) {
        entries.forEach((ip, e) -> each.accept(ip, e.mac));
    }

    /** Sends {@code frame} (an Ethernet frame with a blank destination) to {@code nextHop}, resolving it first. */
    public void send(int nextHop, byte[] frame, long now) {
        if (nextHop == Ip4.BROADCAST || nextHop == config.subnetBroadcast() && config.address() != 0) {
            transmit(frame, Ip4.MAC_BROADCAST);
            return;
        }
        Entry e = entries.get(nextHop);
        if (e != null && e.mac >= 0) {
            transmit(frame, e.mac);
            return;
        }
        if (e == null) {
            e = new Entry();
            insert(nextHop, e);
            request(nextHop, e, now);
        }
        if (e.pending.size() >= limits.arpPendingPackets()) {
            e.pending.removeFirst();
            counters.drop(DropReason.ARP_UNRESOLVED);
        }
        e.pending.addLast(frame);
    }

    /** Handles an ARP message at {@code o} in {@code frame} ({@code len} bytes from there). */
    public void receive(byte[] frame, int o, int len, long now) {
        if (!ArpLayout.wellFormed(frame, o, len)) {
            counters.drop(len < ArpLayout.LENGTH ? DropReason.TRUNCATED : DropReason.BAD_HEADER);
            return;
        }
        counters.add(Counter.ARP_IN);
        int op = Bytes.u16(frame, o + ArpLayout.OPER);
        long senderMac = Bytes.u48(frame, o + ArpLayout.SENDER_MAC);
        int senderIp = Bytes.i32(frame, o + ArpLayout.SENDER_IP);
        int targetIp = Bytes.i32(frame, o + ArpLayout.TARGET_IP);
        if (senderMac == Ip4.MAC_BROADCAST || (senderMac & 0x0100_0000_0000L) != 0) {
            counters.drop(DropReason.BAD_HEADER);
            return;
        }
        boolean forUs = config.address() != 0 && targetIp == config.address();
        Entry known = entries.get(senderIp);
        if (senderIp != 0 && (known != null || forUs)) learn(senderIp, senderMac, now);
        if (!forUs) return;
        if (op == ArpLayout.OP_REQUEST) {
            counters.add(Counter.ARP_OUT);
            countOut(ArpLayout.frame(senderMac, ArpLayout.OP_REPLY, config.mac(), config.address(), senderMac, senderIp));
        }
    }

    /** Broadcasts a gratuitous ARP for our address (after configuration, so neighbours update their caches). */
    public void announce() {
        if (config.address() == 0) return;
        counters.add(Counter.ARP_OUT);
        countOut(ArpLayout.frame(Ip4.MAC_BROADCAST, ArpLayout.OP_REQUEST, config.mac(), config.address(), 0, config.address()));
    }

    /** Expires entries, repeats requests, drops the frames of neighbours that never answered. */
    public void tick(long now) {
        for (Iterator<Map.Entry<Integer, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Entry> me = it.next();
            Entry e = me.getValue();
            if (now < e.expires) continue;
            if (e.mac >= 0) {
                it.remove();
            } else if (e.requests >= limits.arpRetries()) {
                for (int i = 0; i < e.pending.size(); i++) counters.drop(DropReason.ARP_UNRESOLVED);
                it.remove();
            } else {
                request(me.getKey(), e, now);
            }
        }
    }

    /** The earliest time {@link #tick} has work, or Long.MAX_VALUE. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Entry e : entries.values()) next = Math.min(next, e.expires);
        return next;
    }

    private void learn(int ip, long mac, long now) {
        Entry e = entries.get(ip);
        if (e == null) {
            e = new Entry();
            insert(ip, e);
        }
        e.mac = mac;
        e.expires = now + limits.arpTimeoutMillis();
        while (!e.pending.isEmpty()) transmit(e.pending.removeFirst(), mac);
    }

    private void insert(int ip, Entry e) {
        if (entries.size() >= limits.arpCacheEntries()) {
            Iterator<Entry> it = entries.values().iterator();
            Entry oldest = it.next();
            for (int i = 0; i < oldest.pending.size(); i++) counters.drop(DropReason.ARP_UNRESOLVED);
            it.remove();
        }
        entries.put(ip, e);
    }

    private void request(int ip, Entry e, long now) {
        e.requests++;
        e.expires = now + limits.arpRetryMillis();
        counters.add(Counter.ARP_OUT);
        countOut(ArpLayout.frame(Ip4.MAC_BROADCAST, ArpLayout.OP_REQUEST, config.mac(), config.address(), 0, ip));
    }

    private void transmit(byte[] frame, long mac) {
        Bytes.put48(frame, EthernetLayout.DST, mac);
        countOut(frame);
    }

    private void countOut(byte[] frame) {
        counters.add(Counter.FRAMES_OUT);
        counters.add(Counter.BYTES_OUT, frame.length);
        link.send(frame);
    }
}
