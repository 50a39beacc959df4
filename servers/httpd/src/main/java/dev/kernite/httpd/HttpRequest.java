package dev.kernite.httpd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.x request head, parsed from a stream without trusting it: at most {@link #MAX_HEAD} bytes, a request
 * line of three parts, an origin-form target without "..", header lines with a colon. Anything else is
 * {@link Parsed#bad} (answered 400); a stream that ends before a request starts is {@code null}.
 *
 * <p>Thread safety: stateless; the records are immutable.
 */
final class HttpRequest {
    static final int MAX_HEAD = 8192;

    /** A request, or a reason it is malformed (then {@code method} is null). */
    record Parsed(String method, String path, boolean keepAlive, String bad) {
        static Parsed bad(String why) { return new Parsed(null, null, false, why); }
    }

    private HttpRequest() {}

    /** Reads one request head; null at a clean end of stream (the client closed between requests). */
    static Parsed read(InputStream in) throws IOException {
        byte[] head = new byte[MAX_HEAD];
        int n = 0, matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) return n == 0 ? null : Parsed.bad("truncated head");
            if (n == MAX_HEAD) return Parsed.bad("head over " + MAX_HEAD + " bytes");
            head[n++] = (byte) b;
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
                : b == '\r' ? 1 : 0;
        }
        return parse(new String(head, 0, n - 4, StandardCharsets.ISO_8859_1));
    }

    static Parsed parse(String head) {
        String[] lines = head.split("\r\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[0].chars().allMatch(c -> c >= 'A' && c <= 'Z')) return Parsed.bad("request line");
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) return Parsed.bad("version");
        String path = path(parts[1]);
        if (path == null) return Parsed.bad("target");
        boolean keepAlive = parts[2].equals("HTTP/1.1");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || lines[i].charAt(0) == ' ' || lines[i].charAt(0) == '\t') return Parsed.bad("header line");
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if (name.equals("connection")) keepAlive = value.equals("keep-alive") || (keepAlive && !value.equals("close"));
            if (name.equals("content-length") && !value.equals("0")) return Parsed.bad("a body on a GET or HEAD");
            if (name.equals("transfer-encoding")) return Parsed.bad("a body on a GET or HEAD");
        }
        return new Parsed(parts[0], path, keepAlive, null);
    }

    /** The decoded path of an origin-form target (query dropped), or null when malformed or escaping the root. */
    static String path(String target) {
        if (!target.startsWith("/")) return null;
        int q = target.indexOf('?');
        if (q >= 0) target = target.substring(0, q);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length()) return null;
                int hi = Character.digit(target.charAt(i + 1), 16), lo = Character.digit(target.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c <= ' ' || c >= 0x7F) {
                return null;
            } else {
                out.write(c);
            }
        }
        String p = out.toString(StandardCharsets.UTF_8);
        if (p.indexOf('\0') >= 0) return null;
        for (String seg : p.split("/")) if (seg.equals("..")) return null;
        return p;
    }
}
