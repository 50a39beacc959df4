package dev.kernite.runtime.ring;

import dev.kernite.abi.Status;

import java.lang.foreign.MemorySegment;

/**
 * One thing a thread can wait for, as {@link WaitStrategy} drives it: a non-blocking attempt, and the Dekker
 * half that lets the thread sleep on a futex without losing a wake-up. Implementations are long-lived objects
 * owned by a ring (no allocation per wait).
 *
 * <p>Thread safety: used only by the thread that owns the waiting side.
 */
interface WaitSite {
    /** One non-blocking try: {@link Status#WOULD_BLOCK} to keep waiting; anything else ends the wait. */
    Status attempt();

    /**
     * Prepares to sleep: reads the futex word's current value, then raises the wait flag(s) the producer checks
     * after it publishes. Returns the value read, which the wait sleeps on. The caller fences after this and
     * makes one more {@link #attempt()} before sleeping.
     */
    int arm();

    /** Lowers the wait flag(s) raised by {@link #arm()}. */
    void disarm();

    /** The segment holding the futex word. */
    MemorySegment futexSegment();

    /** The futex word's offset in {@link #futexSegment()}. */
    long futexOffset();
}
