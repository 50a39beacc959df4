package dev.kernite.shell.text;

import java.util.Locale;

/**
 * Human-readable numbers for tables: memory sizes ({@code 812K}, {@code 5.2M}, {@code 38M}, {@code 1.5G}) and
 * durations ({@code 42s}, {@code 3m12s}, {@code 2h05m}, {@code 3d04h}).
 *
 * <p>Thread safety: stateless.
 */
public final class Format {
    private static final long KIB_PER_MIB = 1024;
    private static final long KIB_PER_GIB = 1024 * 1024;

    private Format() {}

    /** A size given in KiB: K below a MiB, one decimal below 10 of a unit, whole units above. */
    public static String kib(long kib) {
        if (kib < 0) return "-";
        if (kib < KIB_PER_MIB) return kib + "K";
        if (kib < KIB_PER_GIB) return scaled(kib, KIB_PER_MIB, "M");
        return scaled(kib, KIB_PER_GIB, "G");
    }

    /** A size given in bytes, as {@link #kib} (whole KiB, rounded up). */
    public static String bytes(long bytes) {
        return bytes < 0 ? "-" : kib((bytes + 1023) / 1024);
    }

    private static String scaled(long kib, long unit, String suffix) {
        double v = (double) kib / unit;
        return v < 10 ? String.format(Locale.ROOT, "%.1f%s", v, suffix) : (kib / unit) + suffix;
    }

    /** A duration given in milliseconds, to the second, in its two largest units; negative reads as 0s. */
    public static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) return s + "s";
        long m = s / 60;
        if (m < 60) return m + "m" + pad(s % 60) + "s";
        long h = m / 60;
        if (h < 24) return h + "h" + pad(m % 60) + "m";
        return h / 24 + "d" + pad(h % 24) + "h";
    }

    private static String pad(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }
}
