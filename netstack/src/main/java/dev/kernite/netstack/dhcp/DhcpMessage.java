package dev.kernite.netstack.dhcp;

import dev.kernite.netstack.wire.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * One DHCP message, decoded: the fixed fields the client needs and the options it understands (0 or empty when
 * absent). {@link #parse} checks every length against the message and returns null for anything malformed.
 *
 * <p>Thread safety: immutable.
 */
public record DhcpMessage(int op, int xid, int ciaddr, int yiaddr, int siaddr, long chaddr, boolean broadcast,
                          int type, int serverId, int requestedIp, long leaseSeconds, int subnetMask, int router,
                          List<Integer> dns) {
    public DhcpMessage {
        dns = List.copyOf(dns);
    }

    /** A client message (op 1) of the given type. */
    public static DhcpMessage client(int type, int xid, long mac, int ciaddr, int requestedIp, int serverId) {
        return new DhcpMessage(DhcpLayout.OP_REQUEST, xid, ciaddr, 0, 0, mac, ciaddr == 0, type, serverId, requestedIp, 0, 0, 0, List.of());
    }

    public byte[] encode() {
        byte[] m = new byte[DhcpLayout.OPTIONS + 64 + 4 * dns.size()];
        Bytes.put8(m, DhcpLayout.OP, op);
        Bytes.put8(m, DhcpLayout.HTYPE, 1);
        Bytes.put8(m, DhcpLayout.HLEN, 6);
        Bytes.put32(m, DhcpLayout.XID, xid);
        Bytes.put16(m, DhcpLayout.FLAGS, broadcast ? DhcpLayout.FLAG_BROADCAST : 0);
        Bytes.put32(m, DhcpLayout.CIADDR, ciaddr);
        Bytes.put32(m, DhcpLayout.YIADDR, yiaddr);
        Bytes.put32(m, DhcpLayout.SIADDR, siaddr);
        Bytes.put48(m, DhcpLayout.CHADDR, chaddr);
        Bytes.put32(m, DhcpLayout.MAGIC, DhcpLayout.MAGIC_COOKIE);
        int p = DhcpLayout.OPTIONS;
        m[p++] = DhcpLayout.OPT_MESSAGE_TYPE;
        m[p++] = 1;
        m[p++] = (byte) type;
        if (requestedIp != 0) p = putInt(m, p, DhcpLayout.OPT_REQUESTED_IP, requestedIp);
        if (serverId != 0) p = putInt(m, p, DhcpLayout.OPT_SERVER_ID, serverId);
        if (leaseSeconds != 0) p = putInt(m, p, DhcpLayout.OPT_LEASE_TIME, (int) leaseSeconds);
        if (subnetMask != 0) p = putInt(m, p, DhcpLayout.OPT_SUBNET_MASK, subnetMask);
        if (router != 0) p = putInt(m, p, DhcpLayout.OPT_ROUTER, router);
        if (!dns.isEmpty()) {
            m[p++] = DhcpLayout.OPT_DNS;
            m[p++] = (byte) (4 * dns.size());
            for (int d : dns) {
                Bytes.put32(m, p, d);
                p += 4;
            }
        }
        if (op == DhcpLayout.OP_REQUEST) {
            m[p++] = DhcpLayout.OPT_PARAMETERS;
            m[p++] = 3;
            m[p++] = DhcpLayout.OPT_SUBNET_MASK;
            m[p++] = DhcpLayout.OPT_ROUTER;
            m[p++] = DhcpLayout.OPT_DNS;
        }
        m[p] = (byte) DhcpLayout.OPT_END;
        return m;
    }

    private static int putInt(byte[] m, int p, int code, int value) {
        m[p] = (byte) code;
        m[p + 1] = 4;
        Bytes.put32(m, p + 2, value);
        return p + 6;
    }

    /** The message in {@code m[0, len)}, or null when it is not a well-formed DHCP message. */
    public static DhcpMessage parse(byte[] m, int len) {
        len = Math.min(len, m.length);
        if (len < DhcpLayout.OPTIONS || Bytes.i32(m, DhcpLayout.MAGIC) != DhcpLayout.MAGIC_COOKIE) return null;
        if (Bytes.u8(m, DhcpLayout.HTYPE) != 1 || Bytes.u8(m, DhcpLayout.HLEN) != 6) return null;
        int type = 0, serverId = 0, requested = 0, mask = 0, router = 0;
        long lease = 0;
        List<Integer> dns = new ArrayList<>();
        for (int p = DhcpLayout.OPTIONS; p < len; ) {
            int code = Bytes.u8(m, p);
            if (code == DhcpLayout.OPT_END) break;
            if (code == DhcpLayout.OPT_PAD) {
                p++;
                continue;
            }
            if (p + 1 >= len) return null;
            int l = Bytes.u8(m, p + 1);
            int v = p + 2;
            if (v + l > len) return null;
            switch (code) {
                case DhcpLayout.OPT_MESSAGE_TYPE -> { if (l != 1) return null; type = Bytes.u8(m, v); }
                case DhcpLayout.OPT_SERVER_ID -> { if (l != 4) return null; serverId = Bytes.i32(m, v); }
                case DhcpLayout.OPT_REQUESTED_IP -> { if (l != 4) return null; requested = Bytes.i32(m, v); }
                case DhcpLayout.OPT_SUBNET_MASK -> { if (l != 4) return null; mask = Bytes.i32(m, v); }
                case DhcpLayout.OPT_ROUTER -> { if (l < 4 || l % 4 != 0) return null; router = Bytes.i32(m, v); }
                case DhcpLayout.OPT_LEASE_TIME -> { if (l != 4) return null; lease = Bytes.i32(m, v) & 0xFFFF_FFFFL; }
                case DhcpLayout.OPT_DNS -> {
                    if (l < 4 || l % 4 != 0) return null;
                    for (int i = 0; i < l && dns.size() < 4; i += 4) dns.add(Bytes.i32(m, v + i));
                }
                default -> { }
            }
            p = v + l;
        }
        if (type < DhcpLayout.DISCOVER || type > DhcpLayout.RELEASE) return null;
        return new DhcpMessage(Bytes.u8(m, DhcpLayout.OP), Bytes.i32(m, DhcpLayout.XID), Bytes.i32(m, DhcpLayout.CIADDR),
            Bytes.i32(m, DhcpLayout.YIADDR), Bytes.i32(m, DhcpLayout.SIADDR), Bytes.u48(m, DhcpLayout.CHADDR),
            (Bytes.u16(m, DhcpLayout.FLAGS) & DhcpLayout.FLAG_BROADCAST) != 0, type, serverId, requested, lease, mask, router, dns);
    }
}
