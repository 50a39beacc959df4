package dev.kernite.runtime;

import dev.kernite.runtime.ring.WaitStrategy;

/**
 * How a thread waits for the other end of a channel.
 *
 * <ul>
 *   <li>{@link #SPIN} (the default): spin about 30 µs, yield a little, then sleep. The fastest hand-off when the
 *       answer comes within microseconds and there are cores to spare — a call to a server that answers from
 *       memory.</li>
 *   <li>{@link #SLEEP}: sleep at once (a futex wait; waking costs about a microsecond here). For waits that are
 *       long anyway — a request that goes on to a device — and for chains of processes that hand a request along:
 *       every spinning waiter holds a core the next one in the chain needs, and with more waiters than cores the
 *       chain stalls on the host's run queue (measured: the block path on 2 cores).</li>
 * </ul>
 *
 * <p>Thread safety: immutable.
 */
public enum WaitMode {
    SPIN(WaitStrategy.DEFAULT),
    SLEEP(new WaitStrategy(1_000, 0, 20_000_000));

    final WaitStrategy strategy;

    WaitMode(WaitStrategy strategy) { this.strategy = strategy; }
}
