package dev.kernite.netstack.tcp;

/**
 * The bytes all TCP connections' send and receive buffers may hold together ({@code NetLimits.tcpMemoryBytes}),
 * as Linux's {@code tcp_mem}: a buffer grows only with bytes taken from here and gives them back when its
 * connection is gone. Per-connection buffers are large (4 MiB) so one fast connection is not held back by its
 * window; without a shared bound, eight of them with slow readers would need more memory than the server has.
 * When the budget is spent, a connection's window and writable space are what its buffers already hold.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
final class BufferBudget {
    private final long total;
    private long used;

    BufferBudget(long total) {
        if (total <= 0) throw new IllegalArgumentException("budget " + total);
        this.total = total;
    }

    long available() { return total - used; }

    long used() { return used; }

    /** Takes up to {@code want} bytes; returns how many it got (0 when the budget is spent). */
    int take(int want) {
        int n = (int) Math.max(0, Math.min(want, total - used));
        used += n;
        return n;
    }

    void give(int bytes) {
        used -= bytes;
        if (used < 0) throw new IllegalStateException("gave back more than was taken");
    }
}
