package dev.kernite.ext2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hash map from non-negative longs to values, open addressing with linear probing: the page cache's index of
 * block numbers. A {@code HashMap<Long, V>} boxed every key it was asked for (64 times per 256 KiB read) and
 * followed a pointer to each stored key to compare it; here keys sit in one array.
 *
 * <p>Deletion shifts the entries after the hole back (no tombstones), so a lookup stops at the first empty slot.
 * The table doubles at 1/2 full.
 *
 * <p>Thread safety: not thread-safe.
 */
final class LongMap<V> {
    private static final long EMPTY = -1;

    private long[] keys;
    private Object[] values;
    private int size;

    LongMap() {
        keys = new long[16];
        Arrays.fill(keys, EMPTY);
        values = new Object[16];
    }

    int size() { return size; }

    boolean containsKey(long key) { return slot(key) >= 0; }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        int i = slot(key);
        return i < 0 ? null : (V) values[i];
    }

    /** Maps {@code key} (≥ 0) to {@code value} (not null), replacing any value it had. */
    void put(long key, V value) {
        if (key < 0 || value == null) throw new IllegalArgumentException("key " + key + ", value " + value);
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (keys[i] != EMPTY && keys[i] != key) i = (i + 1) & mask;
        if (keys[i] == EMPTY) {
            keys[i] = key;
            if (++size * 2 > keys.length) {
                values[i] = value;
                grow();
                return;
            }
        }
        values[i] = value;
    }

    /** Removes {@code key}; its value, or null if it had none. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int i = slot(key);
        if (i < 0) return null;
        V old = (V) values[i];
        int mask = keys.length - 1;
        // Backward shift: move each later entry of the probe run into the hole unless its home lies after the hole.
        for (int hole = i, j = (i + 1) & mask; ; j = (j + 1) & mask) {
            if (keys[j] == EMPTY) {
                keys[hole] = EMPTY;
                values[hole] = null;
                break;
            }
            int home = hash(keys[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        size--;
        return old;
    }

    /** The values, in no particular order (a copy). */
    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) if (keys[i] != EMPTY) out.add((V) values[i]);
        return out;
    }

    private int slot(long key) {
        if (key < 0) return -1;                                // never stored; and -1 marks an empty slot
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) return i;
            if (keys[i] == EMPTY) return -1;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new Object[oldValues.length * 2];
        int mask = keys.length - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] == EMPTY) continue;
            int i = hash(oldKeys[k]) & mask;
            while (keys[i] != EMPTY) i = (i + 1) & mask;
            keys[i] = oldKeys[k];
            values[i] = oldValues[k];
        }
    }

    /** Spreads consecutive block numbers (a file's run) over the table. */
    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
