package dev.kernite.machine.block;

import static dev.kernite.abi.device.BlkRequestLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.machine.testing.BlockRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many requests in flight at once, and resets in the middle of a stream of them. */
class BlockConcurrencyTest {
    private static final int THREADS = 6;
    private static final int SECTORS_PER_THREAD = 1024;

    @TempDir
    Path dir;
    private BlockRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) rig.close();
    }

    @Test
    void concurrentRoundTripsEachSeeTheirOwnData() throws Exception {
        rig = BlockRig.start(dir, 16L << 20);
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> roundTrips(thread, 150)));
            }
            for (Future<Integer> f : results) assertEquals(150, f.get());
        }
        BlockStats s = rig.device.stats();
        assertEquals(THREADS * 150, s.out().requests());
        assertEquals(THREADS * 150, s.in().requests());
        assertEquals(0, s.in().errors() + s.out().errors() + s.malformed() + s.internalErrors());
    }

    @Test
    void resetsInTheMiddleOfAStreamLoseNoWrite() throws Exception {
        rig = BlockRig.start(dir, 16L << 20);
        int perThread = 300;
        AtomicInteger done = new AtomicInteger();
        int resets = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assertEquals(S_OK, rig.driver.write(sectorOf(thread, i), content(thread, i)).status());
                        done.incrementAndGet();
                    }
                }));
            }
            while (done.get() < THREADS * perThread) {
                rig.driver.resetAndReplay();
                resets++;
                Thread.sleep(1);
            }
            for (Future<?> f : writers) f.get();
        }
        assertTrue(resets > 0);
        assertEquals(resets + 1, rig.device.stats().resets());
        assertEquals(0, rig.device.stats().internalErrors());
        byte[] image = Files.readAllBytes(rig.image);
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < perThread; i++) {
                byte[] back = new byte[SECTOR_SIZE];
                assertEquals(S_OK, rig.driver.read(sectorOf(t, i), back).status());
                assertArrayEquals(content(t, i), back, "sector of writer " + t + " record " + i);
                int at = (int) sectorOf(t, i) * SECTOR_SIZE;
                assertArrayEquals(content(t, i), Arrays.copyOfRange(image, at, at + SECTOR_SIZE));
            }
        }
    }

    /** Writes then reads back a random run of sectors in this thread's own region, {@code count} times. */
    private int roundTrips(int thread, int count) {
        Random random = new Random(thread);
        for (int i = 0; i < count; i++) {
            int sectors = 1 + random.nextInt(64);
            long sector = (long) thread * SECTORS_PER_THREAD + random.nextInt(SECTORS_PER_THREAD - sectors);
            byte[] data = new byte[sectors * SECTOR_SIZE];
            random.nextBytes(data);
            assertEquals(S_OK, rig.driver.write(sector, data).status());
            byte[] back = new byte[data.length];
            assertEquals(S_OK, rig.driver.read(sector, back).status());
            assertEquals(BlockDeviceTest.crc(data), BlockDeviceTest.crc(back), "thread " + thread + " round trip " + i);
        }
        return count;
    }

    private static long sectorOf(int thread, int i) { return (long) thread * SECTORS_PER_THREAD + i; }

    private static byte[] content(int thread, int i) { return BlockDeviceTest.random(SECTOR_SIZE, thread * 100_000L + i); }
}
