package dev.kernite.netstack.wire;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum, used by IPv4, ICMP,
 * UDP and TCP. A header that carries a correct checksum sums, checksum included, to 0xFFFF — so
 * {@code compute(...) == 0} verifies it.
 *
 * <p>Thread safety: stateless.
 */
public final class Checksum {
    private Checksum() {}

    /** Adds {@code len} bytes at {@code off} to a running (unfolded) sum. */
    public static long add(long sum, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) sum += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        if (i < end) sum += (b[i] & 0xFF) << 8;
        return sum;
    }

    /** The IPv4 pseudo-header of UDP and TCP (RFC 768, RFC 9293 §3.1) added to a running sum. */
    public static long pseudoHeader(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + protocol + length;
    }

    /** Folds a running sum to 16 bits and complements it. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }

    /** The checksum of one range. */
    public static int compute(byte[] b, int off, int len) { return finish(add(0, b, off, len)); }

    /** The checksum of a UDP or TCP segment at {@code off} with its pseudo-header. */
    public static int transport(int src, int dst, int protocol, byte[] b, int off, int len) {
        return finish(add(pseudoHeader(src, dst, protocol, len), b, off, len));
    }
}
