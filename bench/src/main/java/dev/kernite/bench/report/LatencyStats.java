package dev.kernite.bench.report;

import java.util.Arrays;

/**
 * Records latency samples (nanoseconds) into a preallocated array and summarises them.
 *
 * <p>{@link #record} never allocates, so it can sit inside a measured loop. {@link #summary} sorts a copy of the
 * samples and reads the percentiles by nearest rank: the p-th percentile of n sorted samples is the sample at
 * index {@code ceil(p/100 * n) - 1}, p taken to three decimals. For the samples 1..1000 that gives p50 = 500,
 * p99 = 990, p99.9 = 999.
 *
 * <p>Thread safety: not thread safe. One thread records; summarise after recording has finished.
 */
public final class LatencyStats {

    private final long[] samples;
    private int count;

    /** A recorder with room for {@code capacity} samples. */
    public LatencyStats(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.samples = new long[capacity];
    }

    /** A recorder holding a copy of the first {@code n} of {@code samples}. */
    public static LatencyStats of(long[] samples, int n) {
        if (n < 0 || n > samples.length) {
            throw new IllegalArgumentException("n must be in [0, " + samples.length + "]: " + n);
        }
        LatencyStats stats = new LatencyStats(n);
        System.arraycopy(samples, 0, stats.samples, 0, n);
        stats.count = n;
        return stats;
    }

    /**
     * Records one sample. Allocation free.
     *
     * @throws IllegalStateException when the recorder is full (a sizing bug in the caller)
     */
    public void record(long nanos) {
        if (count == samples.length) {
            throw new IllegalStateException("LatencyStats full: capacity " + samples.length);
        }
        samples[count++] = nanos;
    }

    /** Samples recorded so far. */
    public int count() {
        return count;
    }

    /** Samples this recorder can hold. */
    public int capacity() {
        return samples.length;
    }

    /** Forgets every sample; keeps the array. */
    public void reset() {
        count = 0;
    }

    /** The nearest-rank percentile {@code p} (0 &lt; p &lt;= 100) of the samples; sorts a copy. */
    public long percentile(double p) {
        return percentile(sortedCopy(), p);
    }

    /**
     * Summarises the samples recorded so far.
     *
     * @throws IllegalStateException when there are no samples
     */
    public Summary summary() {
        long[] sorted = sortedCopy();
        long sum = 0;
        for (long s : sorted) {
            sum += s;
        }
        return new Summary(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), percentile(sorted, 99.9), sorted[sorted.length - 1],
                (double) sum / sorted.length);
    }

    private long[] sortedCopy() {
        if (count == 0) {
            throw new IllegalStateException("no samples recorded");
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted;
    }

    private static long percentile(long[] sorted, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        // Integer arithmetic in thousandths of a percent: with doubles, 99.9 / 100 * 1000 rounds up to rank 1000.
        long milli = Math.round(p * 1000);
        long rank = (milli * sorted.length + 99_999) / 100_000;
        return sorted[(int) Math.max(0, rank - 1)];
    }

    /**
     * An immutable summary of latency samples, every value in nanoseconds.
     *
     * @param count samples summarised, at least 1
     * @param p999  the 99.9th percentile
     * @param mean  arithmetic mean
     */
    public record Summary(int count, long min, long p50, long p90, long p99, long p999, long max, double mean) {

        /** The summary as a JSON object, keys in the order of the record components, unit ns. */
        public Json.Obj toJson() {
            return Json.object()
                    .put("count", count).put("min_ns", min).put("p50_ns", p50).put("p90_ns", p90)
                    .put("p99_ns", p99).put("p99_9_ns", p999).put("max_ns", max).put("mean_ns", mean);
        }
    }
}
