package dev.kernite.init;

/**
 * The boot log on standard output, its clock continuing the kernel's ({@code [   0.412] names      ready (pid 123,
 * 95 ms)}): seconds since the kernel began booting, then what happened.
 *
 * <p>Thread safety: not thread-safe (init is single-threaded).
 */
final class BootLog {
    private final long bootStartedMillis;

    BootLog(long bootStartedMillis) {
        this.bootStartedMillis = bootStartedMillis;
    }

    /** A service is ready: its name, pid, and the time from asking for it to ready. */
    void ready(String service, int pid, long sinceNanos) {
        line(padRight(service, 10) + " ready (pid " + pid + ", " + (System.nanoTime() - sinceNanos) / 1_000_000 + " ms)");
    }

    void line(String what) {
        long millis = Math.max(0, System.currentTimeMillis() - bootStartedMillis);
        String clock = millis / 1000 + "." + String.valueOf(1000 + millis % 1000).substring(1);
        System.out.println("[" + " ".repeat(Math.max(0, 8 - clock.length())) + clock + "] " + what);
        System.out.flush();
    }

    // Plain concatenation rather than String.format: the first format builds a Formatter and its regular
    // expressions, milliseconds that the boot waits for.
    private static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
