package dev.kernite.ext2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The page cache's index agrees with a HashMap under random puts, removes and look-ups, growth included. */
class LongMapTest {
    @Test
    void agreesWithAHashMap() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 20; round++) {
            LongMap<Long> map = new LongMap<>();
            Map<Long, Long> model = new HashMap<>();
            // Small key ranges make long probe runs and many deletions inside them; consecutive keys are the cache's case
            long range = 1L << r.nextInt(4, 16), base = r.nextLong(0, 1L << 40);
            for (int op = 0; op < 20_000; op++) {
                long k = base + r.nextLong(range);
                switch (r.nextInt(3)) {
                    case 0 -> {
                        long v = r.nextLong();
                        map.put(k, v);
                        model.put(k, v);
                    }
                    case 1 -> assertEquals(model.remove(k), map.remove(k), "remove " + k);
                    default -> {
                        assertEquals(model.get(k), map.get(k), "get " + k);
                        assertEquals(model.containsKey(k), map.containsKey(k), "contains " + k);
                    }
                }
                assertEquals(model.size(), map.size());
            }
            for (Map.Entry<Long, Long> e : model.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()));
            assertEquals(new HashSet<>(model.values()), new HashSet<>(map.values()));
        }
    }

    @Test
    void negativeKeysAreNeverStored() {
        LongMap<String> map = new LongMap<>();
        map.put(0, "zero");
        assertNull(map.get(-1));
        assertFalse(map.containsKey(-1));
        assertNull(map.remove(-1));
        assertThrows(IllegalArgumentException.class, () -> map.put(-1, "x"));
        assertThrows(IllegalArgumentException.class, () -> map.put(1, null));
        assertEquals("zero", map.get(0));
    }
}
