package dev.kernite.runtime;

import dev.kernite.runtime.ring.WaitStrategy;

/**
 * How a thread waits for the other end of a channel.
 *
 * <ul>
 *   <li>{@link #SPIN} (the default): spin about 30 µs, yield a little, then sleep. The fastest hand-off when the
 *       answer comes within microseconds and there are cores to spare — a call to a server that answers from
 *       memory.</li>
 *   <li>{@link #YIELD}: look, then give the core away ({@code sched_yield}) before looking again, about 50 times
 *       (100 µs or more), then sleep. For chains of processes that hand a request along — a client, a driver, a
 *       device: a spinning waiter holds a core the next one in the chain needs, and with more waiters than cores
 *       the chain stalls on the host's run queue; a sleeping waiter costs its waker a system call and itself 3–20
 *       µs to wake (more when its vCPU has halted). A yielding waiter lets any runnable thread go first and still
 *       sees the answer within a yield (measured with {@code ./kernite bench blk} on 2 cores: random 4 KiB reads
 *       7–9 µs instead of 76 µs when every waiter slept).</li>
 * </ul>
 *
 * <p>Thread safety: immutable.
 */
public enum WaitMode {
    SPIN(WaitStrategy.DEFAULT),
    YIELD(new WaitStrategy(0, 50, 20_000_000));

    final WaitStrategy strategy;

    WaitMode(WaitStrategy strategy) { this.strategy = strategy; }
}
