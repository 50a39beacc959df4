package dev.kernite.runtime.ring;

import dev.kernite.abi.Status;
import dev.kernite.sys.Futex;

import java.lang.invoke.VarHandle;

/**
 * How a thread waits on a ring: spin for {@code spinNanos} (with {@link Thread#onSpinWait()}), then
 * {@link Thread#yield()} up to {@code yieldCount} times, then sleep on a futex in slices of at most
 * {@code sliceNanos}. Between slices the waiter re-checks everything, so a closed channel, a lost wake-up or an
 * interrupt is noticed within one slice even when no one wakes it. Spinning and yielding are bounded, so with
 * more busy threads than cores every waiter soon gives its core away.
 *
 * <p>The sleep is the waiter's half of a Dekker pair: read the futex word, raise the wait flag, full fence,
 * re-check, sleep on the value read. The producer's half: publish, full fence, read the flag, wake only if it is
 * raised. Either the waiter's re-check sees the data or the producer sees the flag, so no wake-up is lost.
 *
 * <p>Interrupts: a waiter whose thread is interrupted returns {@link Status#INTERRUPTED} (noticed between yields
 * and between slices) and leaves the thread's interrupt status set.
 *
 * <p>Thread safety: immutable.
 *
 * @param spinNanos  how long to spin before yielding, ≥ 0
 * @param yieldCount how many times to yield before sleeping, ≥ 0
 * @param sliceNanos the longest single futex sleep, &gt; 0
 */
public record WaitStrategy(long spinNanos, int yieldCount, long sliceNanos) {
    /** Spin 30 µs, yield 16 times, sleep in 20 ms slices. */
    public static final WaitStrategy DEFAULT = new WaitStrategy(30_000, 16, 20_000_000);

    /** Sleep at once: no spinning, no yielding (for threads that must not burn a core). */
    public static final WaitStrategy SLEEP = new WaitStrategy(0, 0, 20_000_000);

    public WaitStrategy {
        if (spinNanos < 0 || yieldCount < 0 || sliceNanos <= 0) {
            throw new IllegalArgumentException("bad wait strategy " + spinNanos + "/" + yieldCount + "/" + sliceNanos);
        }
    }

    /**
     * Waits until {@code site} succeeds or fails, the timeout passes, or the thread is interrupted.
     *
     * @param timeoutNanos &lt; 0 waits forever; 0 makes exactly one attempt (and may return WOULD_BLOCK)
     * @return the first non-WOULD_BLOCK result of an attempt, {@link Status#TIMED_OUT} or {@link Status#INTERRUPTED}
     */
    Status await(WaitSite site, long timeoutNanos) {
        Status s = site.attempt();
        if (s != Status.WOULD_BLOCK || timeoutNanos == 0) return s;
        long start = System.nanoTime();
        s = spin(site, start, timeoutNanos);
        if (s == Status.WOULD_BLOCK) s = yieldAWhile(site, start, timeoutNanos);
        if (s == Status.WOULD_BLOCK) s = sleep(site, start, timeoutNanos);
        return s;
    }

    private Status spin(WaitSite site, long start, long timeout) {
        while (true) {
            long elapsed = System.nanoTime() - start;
            if (expired(elapsed, timeout)) return Status.TIMED_OUT;
            if (elapsed >= spinNanos) return Status.WOULD_BLOCK;
            Thread.onSpinWait();
            Status s = site.attempt();
            if (s != Status.WOULD_BLOCK) return s;
        }
    }

    private Status yieldAWhile(WaitSite site, long start, long timeout) {
        for (int i = 0; i < yieldCount; i++) {
            if (Thread.currentThread().isInterrupted()) return Status.INTERRUPTED;
            if (expired(System.nanoTime() - start, timeout)) return Status.TIMED_OUT;
            Thread.yield();
            Status s = site.attempt();
            if (s != Status.WOULD_BLOCK) return s;
        }
        return Status.WOULD_BLOCK;
    }

    private Status sleep(WaitSite site, long start, long timeout) {
        try {
            while (true) {
                int seen = site.arm();
                VarHandle.fullFence();
                Status s = site.attempt();
                if (s != Status.WOULD_BLOCK) return s;
                if (Thread.currentThread().isInterrupted()) return Status.INTERRUPTED;
                long elapsed = System.nanoTime() - start;
                if (expired(elapsed, timeout)) return Status.TIMED_OUT;
                long slice = timeout < 0 ? sliceNanos : Math.min(sliceNanos, timeout - elapsed);
                Futex.wait(site.futexSegment(), site.futexOffset(), seen, slice);
            }
        } finally {
            site.disarm();
        }
    }

    private static boolean expired(long elapsed, long timeout) {
        return timeout >= 0 && elapsed >= timeout;
    }
}
