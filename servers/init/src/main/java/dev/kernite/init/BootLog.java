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
        line(String.format("%-10s ready (pid %d, %d ms)", service, pid, (System.nanoTime() - sinceNanos) / 1_000_000));
    }

    void line(String what) {
        System.out.printf("[%8.3f] %s%n", (System.currentTimeMillis() - bootStartedMillis) / 1e3, what);
        System.out.flush();
    }
}
