package dev.kernite.netstack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** TCP over a wire that drops, duplicates and reorders (seeded): the streams arrive complete and intact. */
class LossyWireTest {
    private static void bulk(long seed, double loss, double dup, double reorder, int bytesEachWay) {
        bulk(seed, loss, dup, reorder, bytesEachWay, false);
        bulk(seed, loss, dup, reorder, bytesEachWay, true);
    }

    /** {@code batched}: frames due together are one batch, answered with one ACK per connection. */
    private static void bulk(long seed, double loss, double dup, double reorder, int bytesEachWay, boolean batched) {
        Wire w = new Wire(seed).impair(0, 0, 0);
        if (batched) w.batched();
        int[] s = TcpTest.connect(w, 80);
        w.impair(loss, dup, reorder);
        Transfer ab = new Transfer(w.a, s[0], w.b, s[1], bytesEachWay, seed);
        Transfer ba = new Transfer(w.b, s[1], w.a, s[0], bytesEachWay / 2, seed + 1);
        w.runUntil(() -> ab.done() && ba.done(), 3_600_000, () -> { ab.step(); ba.step(); });
        assertTrue(ab.intact() && ba.intact(), "seed " + seed);
        long fast = w.a.counters().get(Counter.TCP_FAST_RETRANSMITS) + w.b.counters().get(Counter.TCP_FAST_RETRANSMITS);
        if (loss > 0) assertTrue(fast > 0, "fast retransmit happened (seed " + seed + "): " + w.a.counters());
        if (reorder > 0) assertTrue(w.b.counters().get(Counter.TCP_OOO_QUEUED) > 0, "seed " + seed);
    }

    @Test
    void fivePercentLossWithReorderingAndDuplicates() { bulk(101, 0.05, 0.02, 0.1, 2 << 20); }

    @Test
    void lossOnly() { bulk(102, 0.03, 0, 0, 1 << 20); }

    @Test
    void heavyReorderingNoLoss() { bulk(103, 0, 0, 0.3, 1 << 20); }

    @Test
    void severalSeedsWithHeavyLoss() {
        for (long seed = 200; seed < 204; seed++) bulk(seed, 0.15, 0.05, 0.2, 256 << 10);
    }

    @Test
    void handshakeAndCloseUnderLoss() {
        for (long seed = 300; seed < 310; seed++) {
            Wire w = new Wire(seed).impair(0.2, 0.05, 0.2);
            int[] s = TcpTest.connect(w, 80);
            Transfer ab = new Transfer(w.a, s[0], w.b, s[1], 10_000, seed);
            Transfer ba = new Transfer(w.b, s[1], w.a, s[0], 10_000, seed);
            w.runUntil(() -> ab.done() && ba.done(), 3_600_000, () -> { ab.step(); ba.step(); });
            assertTrue(ab.intact() && ba.intact(), "seed " + seed);
            w.a.close(s[0]);
            w.b.close(s[1]);
            w.runFor(600_000);
            assertTrue(w.a.tcp().connectionCount() + w.b.tcp().connectionCount() == 0, "all closed, seed " + seed);
        }
    }
}
