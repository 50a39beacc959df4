package dev.kernite.ext2;

import static dev.kernite.ext2.TestFs.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kill without unmount: a workload with fsync points, then the cache is dropped unwritten. The next mount warns,
 * e2fsck -fy makes the file system consistent, and every file fsynced (and not touched since) is intact.
 */
class CrashTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void fsyncedFilesSurviveACrash(long seed) throws Exception {
        Path img = E2fsprogs.image(dir, "crash.img", 16L << 20);
        TestFs.format(img, seed % 2 == 0 ? 1024 : 4096);
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, byte[]> synced = new LinkedHashMap<>();
        var m = TestFs.mount(img, false, 256 << 10);
        var fs = m.fs();
        long d = ok(fs.mkdir(Ext2FileSystem.ROOT, "durable", 0755, 0, 0));
        long scratch = ok(fs.mkdir(Ext2FileSystem.ROOT, "scratch", 0755, 0, 0));
        for (int round = 0; round < 6; round++) {
            String name = "f" + round;
            byte[] data = TestFs.bytes(rnd.nextLong(), rnd.nextInt(1, 400_000));
            long f = ok(fs.create(d, name, 0644, 0, 0));
            TestFs.write(fs, f, 0, data);
            ok(fs.fsync(f));
            synced.put("/durable/" + name, data);
            for (int i = 0; i < 10; i++) { // churn after the fsync point, never fsynced
                long s = ok(fs.create(scratch, "s" + round + "-" + i, 0644, 0, 0));
                TestFs.write(fs, s, rnd.nextInt(100_000), TestFs.bytes(rnd.nextLong(), rnd.nextInt(1, 50_000)));
                if (i % 3 == 0) ok(fs.unlink(scratch, "s" + round + "-" + i));
            }
            ok(fs.mkdir(scratch, "dir" + round, 0755, 0, 0));
        }
        fs.crash(); // the process dies: nothing more is written
        m.store().close();

        try (var ro = TestFs.mount(img, true, 1 << 20)) {
            assertTrue(ro.fs().warnings().stream().anyMatch(w -> w.contains("not cleanly unmounted") && w.contains("e2fsck")), ro.fs().warnings().toString());
        }
        E2fsprogs.Run fix = E2fsprogs.fsckFix(img);
        assertTrue(fix.exit() <= 1, "e2fsck -fy could not repair (exit " + fix.exit() + "): " + fix.text());
        E2fsprogs.assertClean(img);
        try (var after = TestFs.mount(img)) {
            for (var e : synced.entrySet()) {
                assertArrayEquals(e.getValue(), TestFs.readAll(after.fs(), TestFs.resolve(after.fs(), e.getKey())), e.getKey());
            }
        }
        for (var e : synced.entrySet()) assertArrayEquals(e.getValue(), E2fsprogs.cat(img, e.getKey()), e.getKey());
    }
}
