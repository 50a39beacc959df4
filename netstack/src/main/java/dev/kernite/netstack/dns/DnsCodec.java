package dev.kernite.netstack.dns;

import dev.kernite.netstack.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds A queries and parses their responses. Responses are hostile input: every length, count and compression
 * pointer is checked against the message; each compression pointer must point before the previous one's target (so no loop is possible) and a
 * name is at most 255 bytes; anything wrong is a {@link Bad} value, never an exception.
 *
 * <p>Thread safety: stateless.
 */
public final class DnsCodec {
    /** The answer section's A records (IPv4 addresses), the smallest TTL among them, and the response code. */
    public record Response(int id, int rcode, String question, List<Integer> addresses, long ttlSeconds) {}

    public sealed interface Parsed permits Ok, Bad {}

    public record Ok(Response response) implements Parsed {}

    public record Bad(String reason) implements Parsed {}

    private static final class Malformed extends Exception {
        Malformed(String reason) { super(reason, null, false, false); }
    }

    private DnsCodec() {}

    /** A recursive query for the A records of {@code name}; null when the name is not a valid host name. */
    public static byte[] query(int id, String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.isEmpty() || trimmed.length() > 253) return null;
        String[] labels = trimmed.split("\\.", -1);
        byte[] m = new byte[DnsLayout.HEADER + trimmed.length() + 2 + 4];
        Bytes.put16(m, DnsLayout.ID, id);
        Bytes.put16(m, DnsLayout.FLAGS, DnsLayout.FLAG_RD);
        Bytes.put16(m, DnsLayout.QDCOUNT, 1);
        int p = DnsLayout.HEADER;
        for (String label : labels) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            if (l.length == 0 || l.length > DnsLayout.MAX_LABEL || !label.chars().allMatch(c -> c < 128 && c > 32)) return null;
            m[p++] = (byte) l.length;
            System.arraycopy(l, 0, m, p, l.length);
            p += l.length;
        }
        m[p++] = 0;
        Bytes.put16(m, p, DnsLayout.TYPE_A);
        Bytes.put16(m, p + 2, DnsLayout.CLASS_IN);
        return m;
    }

    /** Parses a response to the query with {@code expectedId}. */
    public static Parsed parse(byte[] m, int length, int expectedId) {
        try {
            return new Ok(response(m, Math.min(length, m.length), expectedId));
        } catch (Malformed e) {
            return new Bad(e.getMessage());
        }
    }

    private static Response response(byte[] m, int len, int expectedId) throws Malformed {
        if (len < DnsLayout.HEADER) throw new Malformed("shorter than the header");
        int id = Bytes.u16(m, DnsLayout.ID);
        int flags = Bytes.u16(m, DnsLayout.FLAGS);
        if (id != expectedId) throw new Malformed("id " + id + " is not the query's");
        if ((flags & DnsLayout.FLAG_QR) == 0) throw new Malformed("not a response");
        if ((flags & DnsLayout.FLAG_TC) != 0) throw new Malformed("truncated (TCP fallback not supported)");
        int qd = Bytes.u16(m, DnsLayout.QDCOUNT);
        int an = Bytes.u16(m, DnsLayout.ANCOUNT);
        if (qd != 1) throw new Malformed("question count " + qd);
        int[] pos = {DnsLayout.HEADER};
        String question = name(m, len, pos);
        need(len, pos[0], 4);
        pos[0] += 4;
        List<Integer> addresses = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (int i = 0; i < an; i++) {
            name(m, len, pos);
            need(len, pos[0], 10);
            int type = Bytes.u16(m, pos[0]);
            int klass = Bytes.u16(m, pos[0] + 2);
            long recordTtl = Bytes.i32(m, pos[0] + 4) & 0xFFFF_FFFFL;
            int rdlen = Bytes.u16(m, pos[0] + 8);
            pos[0] += 10;
            need(len, pos[0], rdlen);
            if (type == DnsLayout.TYPE_A && klass == DnsLayout.CLASS_IN) {
                if (rdlen != 4) throw new Malformed("A record of " + rdlen + " bytes");
                addresses.add(Bytes.i32(m, pos[0]));
                ttl = Math.min(ttl, recordTtl);
            }
            pos[0] += rdlen;
        }
        return new Response(id, flags & DnsLayout.RCODE_MASK, question, List.copyOf(addresses), addresses.isEmpty() ? 0 : ttl);
    }

    /** Reads a (possibly compressed) name at {@code pos[0]}, advancing it past the name's bytes in place. */
    static String name(byte[] m, int len, int[] pos) throws Malformed {
        StringBuilder s = new StringBuilder();
        int p = pos[0];
        int resume = -1;
        int floor = p;               // every pointer must jump below the last place jumped to: no loop can form
        int nameBytes = 0;
        for (;;) {
            need(len, p, 1);
            int l = Bytes.u8(m, p);
            if ((l & 0xC0) == 0xC0) {
                need(len, p, 2);
                int target = (l & 0x3F) << 8 | Bytes.u8(m, p + 1);
                if (target >= floor || target < DnsLayout.HEADER) throw new Malformed("compression pointer not backwards");
                if (resume < 0) resume = p + 2;
                floor = target;
                p = target;
                continue;
            }
            if ((l & 0xC0) != 0) throw new Malformed("reserved label type");
            if (l == 0) {
                pos[0] = resume >= 0 ? resume : p + 1;
                return s.isEmpty() ? "." : s.toString();
            }
            need(len, p + 1, l);
            nameBytes += l + 1;
            if (nameBytes > DnsLayout.MAX_NAME) throw new Malformed("name longer than 255 bytes");
            if (!s.isEmpty()) s.append('.');
            s.append(new String(m, p + 1, l, StandardCharsets.ISO_8859_1));
            p += l + 1;
        }
    }

    private static void need(int len, int at, int n) throws Malformed {
        if (n < 0 || at + n > len) throw new Malformed("runs past the end at " + at);
    }
}
