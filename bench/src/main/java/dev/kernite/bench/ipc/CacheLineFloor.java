package dev.kernite.bench.ipc;

import dev.kernite.bench.report.LatencyStats;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The hardware floor for any cross-core round trip: two threads bouncing one 64-bit word each way, on separate
 * cache lines, with nothing else — no rings, no copies, no checks. No IPC between processes on this machine can
 * beat it; {@code bench ipc} prints it so the other rows can be read against it.
 *
 * <p>Thread safety: each call uses its own threads and memory.
 */
final class CacheLineFloor {
    private static final int PING = 0, PONG = 16; // 128 bytes apart: separate lines, no adjacent-line prefetch pairs

    private CacheLineFloor() {}

    static LatencyStats.Summary measure(int warmup, int n) throws InterruptedException {
        AtomicLongArray words = new AtomicLongArray(32);
        long total = (long) warmup + n;
        Thread echo = Thread.ofPlatform().name("floor-echo").start(() -> {
            for (long i = 1; i <= total; i++) {
                while (words.get(PING) != i) Thread.onSpinWait();
                words.setRelease(PONG, i);
            }
        });
        LatencyStats stats = new LatencyStats(n);
        for (long i = 1; i <= total; i++) {
            long t0 = System.nanoTime();
            words.setRelease(PING, i);
            while (words.get(PONG) != i) Thread.onSpinWait();
            if (i > warmup) stats.record(System.nanoTime() - t0);
        }
        echo.join();
        return stats.summary();
    }
}
