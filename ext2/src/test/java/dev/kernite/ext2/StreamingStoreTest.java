package dev.kernite.ext2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Write gathering and read-ahead: fewer, larger requests, and never a stale byte. */
class StreamingStoreTest {
    /** A store in memory that records its requests ("r OFFSET LENGTH", "w …", "flush"). */
    static final class MemoryStore implements BlockStore {
        final byte[] disk = new byte[8 << 20];
        final List<String> log = new ArrayList<>();

        @Override public long size() { return disk.length; }

        @Override public boolean readOnly() { return false; }

        @Override
        public void read(long offset, MemorySegment into) {
            log.add("r " + offset + " " + into.byteSize());
            MemorySegment.copy(MemorySegment.ofArray(disk), offset, into, 0, into.byteSize());
        }

        @Override
        public void write(long offset, MemorySegment from) {
            log.add("w " + offset + " " + from.byteSize());
            MemorySegment.copy(from, 0, MemorySegment.ofArray(disk), offset, from.byteSize());
        }

        @Override public void flush() { log.add("flush"); }
    }

    private static final int K256 = 256 << 10;

    @Test
    void contiguousWritesAreJoinedAndSentBeforeAnythingElse() throws Exception {
        MemoryStore m = new MemoryStore();
        StreamingStore s = new StreamingStore(m);
        for (int i = 0; i < 6; i++) s.write((long) i * K256, MemorySegment.ofArray(filled(K256, i + 1)));
        assertEquals(List.of("w 0 " + StreamingStore.WINDOW), m.log);
        s.write(100L << 20 >> 4, MemorySegment.ofArray(filled(512, 9)));       // not contiguous: the pending one goes
        assertEquals("w " + StreamingStore.WINDOW + " " + 2 * K256, m.log.get(1));
        byte[] back = new byte[512];
        s.read(100L << 20 >> 4, MemorySegment.ofArray(back));                   // a read sends the pending write first
        assertArrayEquals(filled(512, 9), back);
        s.write(0, MemorySegment.ofArray(filled(512, 7)));
        s.flush();
        assertEquals(List.of("w 0 512", "flush"), m.log.subList(m.log.size() - 2, m.log.size()));
    }

    @Test
    void gatheredWritesGoDownWholeOrJoinThePendingOne() throws Exception {
        MemoryStore m = new MemoryStore();
        StreamingStore s = new StreamingStore(m);
        s.write(0, List.of(MemorySegment.ofArray(filled(4096, 1)), MemorySegment.ofArray(filled(4096, 2))));
        assertEquals(List.of(), m.log);                                          // small: pending
        List<MemorySegment> run = new ArrayList<>();
        for (int i = 0; i < StreamingStore.WINDOW / 4096; i++) run.add(MemorySegment.ofArray(filled(4096, i + 3)));
        s.write(8192, run);                                                      // a whole window: the pending one first
        assertEquals(List.of("w 0 8192", "w 8192 " + StreamingStore.WINDOW), m.log); // the default gathers into one
        assertArrayEquals(filled(4096, 2), Arrays.copyOfRange(m.disk, 4096, 8192));
        assertArrayEquals(filled(4096, 3), Arrays.copyOfRange(m.disk, 8192, 12288));
        assertArrayEquals(filled(4096, 258), Arrays.copyOfRange(m.disk, 8192 + StreamingStore.WINDOW - 4096, 8192 + StreamingStore.WINDOW));
    }

    @Test
    void sequentialReadsReadAheadAndAWriteDropsTheWindow() throws Exception {
        MemoryStore m = new MemoryStore();
        for (int i = 0; i < m.disk.length; i++) m.disk[i] = (byte) (i * 7 + (i >> 12));
        StreamingStore s = new StreamingStore(m);
        byte[] buf = new byte[K256];
        for (int i = 0; i < 5; i++) {
            s.read((long) i * K256, MemorySegment.ofArray(buf));
            assertArrayEquals(Arrays.copyOfRange(m.disk, i * K256, (i + 1) * K256), buf);
        }
        assertEquals(List.of("r 0 " + K256, "r " + K256 + " " + StreamingStore.WINDOW), m.log);
        s.write(3L * K256 + 4096, MemorySegment.ofArray(filled(4096, 5)));      // inside the window
        s.read(3L * K256, MemorySegment.ofArray(buf));
        assertArrayEquals(filled(4096, 5), Arrays.copyOfRange(buf, 4096, 8192));
        assertEquals(List.of("w " + (3 * K256 + 4096) + " 4096", "r " + 3 * K256 + " " + K256), m.log.subList(2, m.log.size()));
    }

    @Test
    void smallAndRandomReadsGoStraightThrough() throws Exception {
        MemoryStore m = new MemoryStore();
        StreamingStore s = new StreamingStore(m);
        byte[] b = new byte[4096];
        for (int i = 0; i < 4; i++) s.read((long) i * 4096, MemorySegment.ofArray(b));
        assertEquals(4, m.log.size());
        assertEquals("r 12288 4096", m.log.get(3));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
