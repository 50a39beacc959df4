package dev.kernite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesOfOneToThousandByNearestRank() {
        List<Long> values = new ArrayList<>();
        for (long v = 1; v <= 1000; v++) {
            values.add(v);
        }
        Collections.shuffle(values, new Random(42));
        LatencyStats stats = new LatencyStats(1000);
        values.forEach(stats::record);

        LatencyStats.Summary s = stats.summary();
        assertEquals(new LatencyStats.Summary(1000, 1, 500, 900, 990, 999, 1000, 500.5), s);
        assertEquals(250, stats.percentile(25));
        assertEquals(1000, stats.percentile(100));
    }

    @Test
    void smallSetsRoundRanksUp() {
        LatencyStats.Summary s = LatencyStats.of(new long[] {50, 10, 40, 20, 30}, 5).summary();
        assertEquals(10, s.min());
        assertEquals(30, s.p50()); // rank ceil(2.5) = 3
        assertEquals(50, s.p90()); // rank ceil(4.5) = 5
        assertEquals(50, s.p999());
        assertEquals(30.0, s.mean());
    }

    @Test
    void singleSampleIsEveryPercentile() {
        LatencyStats stats = new LatencyStats(1);
        stats.record(7);
        assertEquals(new LatencyStats.Summary(1, 7, 7, 7, 7, 7, 7, 7.0), stats.summary());
    }

    @Test
    void ofCopiesOnlyTheFirstNSamples() {
        long[] raw = {5, 1, 3, 1000};
        LatencyStats stats = LatencyStats.of(raw, 3);
        raw[0] = 999;
        assertEquals(3, stats.count());
        assertEquals(5, stats.summary().max());
        assertEquals(3, stats.summary().p50());
    }

    @Test
    void summarySortsACopyNotTheSamples() {
        LatencyStats stats = new LatencyStats(3);
        stats.record(3);
        stats.record(1);
        stats.summary();
        stats.record(2);
        assertEquals(new LatencyStats.Summary(3, 1, 2, 3, 3, 3, 3, 2.0), stats.summary());
    }

    @Test
    void misuseIsRefused() {
        LatencyStats stats = new LatencyStats(1);
        assertThrows(IllegalStateException.class, stats::summary);
        stats.record(1);
        assertThrows(IllegalStateException.class, () -> stats.record(2));
        assertThrows(IllegalArgumentException.class, () -> stats.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> stats.percentile(100.1));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new long[2], 3));
        assertThrows(IllegalArgumentException.class, () -> new LatencyStats(-1));
        stats.reset();
        assertEquals(0, stats.count());
        stats.record(9);
        assertEquals(9, stats.summary().p50());
    }

    @Test
    void summaryAsJsonUsesNanosecondKeys() {
        String json = LatencyStats.of(new long[] {1, 2}, 2).summary().toJson().toString();
        assertEquals("{\"count\":2,\"min_ns\":1,\"p50_ns\":1,\"p90_ns\":2,\"p99_ns\":2,\"p99_9_ns\":2,"
                + "\"max_ns\":2,\"mean_ns\":1.5}", json);
    }
}
