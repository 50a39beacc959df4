package dev.kernite.netstack;

/**
 * The engine's counters: {@link Counter}s and drops by {@link DropReason}.
 *
 * <p>Thread safety: not thread-safe; written by the engine's owner thread, which also reads them for netstat.
 */
public final class NetCounters {
    private final long[] counts = new long[Counter.values().length];
    private final long[] drops = new long[DropReason.values().length];

    public void add(Counter c) { counts[c.ordinal()]++; }

    public void add(Counter c, long n) { counts[c.ordinal()] += n; }

    public void drop(DropReason r) { drops[r.ordinal()]++; }

    public long get(Counter c) { return counts[c.ordinal()]; }

    public long drops(DropReason r) { return drops[r.ordinal()]; }

    public long totalDrops() {
        long sum = 0;
        for (long d : drops) sum += d;
        return sum;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Counter c : Counter.values()) if (get(c) != 0) s.append(c).append('=').append(get(c)).append(' ');
        for (DropReason r : DropReason.values()) if (drops(r) != 0) s.append("drop.").append(r).append('=').append(drops(r)).append(' ');
        return s.toString().trim();
    }
}
