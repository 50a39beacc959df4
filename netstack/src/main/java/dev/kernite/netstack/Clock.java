package dev.kernite.netstack;

/**
 * The engine's notion of time in milliseconds. The server gives it the host's monotonic clock; tests a virtual one.
 *
 * <p>Thread safety: implementations must be safe to call from the engine's owner thread.
 */
@FunctionalInterface
public interface Clock {
    long nowMillis();

    /** The host's monotonic clock. */
    static Clock system() { return () -> System.nanoTime() / 1_000_000; }
}
