package dev.kernite.netstack.wire;

/**
 * IPv4 addresses as ints (network order: the first octet in the top byte) and MAC addresses as longs (48 bits).
 *
 * <p>Thread safety: stateless.
 */
public final class Ip4 {
    public static final int ANY = 0;
    public static final int BROADCAST = 0xFFFF_FFFF;
    public static final long MAC_BROADCAST = 0xFFFF_FFFF_FFFFL;

    private Ip4() {}

    /** {@code Ip4.of(10, 0, 0, 1)}. */
    public static int of(int a, int b, int c, int d) { return a << 24 | b << 16 | c << 8 | d; }

    /** Parses dotted-quad text; throws IllegalArgumentException for anything else (configuration, not wire input). */
    public static int parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + text);
        int v = 0;
        for (String p : parts) {
            int n = Integer.parseInt(p);
            if (n < 0 || n > 255) throw new IllegalArgumentException("not an IPv4 address: " + text);
            v = v << 8 | n;
        }
        return v;
    }

    /** The mask of a prefix length 0..32. */
    public static int mask(int prefix) { return prefix == 0 ? 0 : -1 << (32 - prefix); }

    public static String format(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xFF) + "." + (ip >>> 8 & 0xFF) + "." + (ip & 0xFF);
    }

    public static String formatMac(long mac) {
        StringBuilder s = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) s.append(':');
            s.append(String.format("%02x", mac >>> shift & 0xFF));
        }
        return s.toString();
    }
}
