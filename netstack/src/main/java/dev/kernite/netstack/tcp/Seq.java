package dev.kernite.netstack.tcp;

/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): {@code a < b} when {@code b} is less than 2^31 ahead of
 * {@code a}. Sequence numbers are plain ints; their difference, as an int, is their signed distance.
 *
 * <p>Thread safety: stateless.
 */
public final class Seq {
    private Seq() {}

    public static boolean lt(int a, int b) { return a - b < 0; }

    public static boolean le(int a, int b) { return a - b <= 0; }

    public static boolean gt(int a, int b) { return a - b > 0; }

    public static boolean ge(int a, int b) { return a - b >= 0; }

    /** {@code lo <= x < hi}, modulo 2^32. */
    public static boolean inRange(int x, int lo, int hi) { return x - lo >= 0 && x - hi < 0; }

    public static int max(int a, int b) { return gt(a, b) ? a : b; }
}
