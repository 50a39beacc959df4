package dev.kernite.ext2;

import static dev.kernite.ext2.TestFs.bytes;
import static dev.kernite.ext2.TestFs.ok;
import static dev.kernite.ext2.TestFs.resolve;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.fs.FsError;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What we write, Linux reads: a workload on our own format, then e2fsck -fn must be clean and debugfs must read every
 * file, symlink and mode back as we wrote them — for 1, 2 and 4 KiB blocks, with files reaching the double and triple
 * indirect trees and past 2 GiB (sparse, so the image stays small).
 */
class LinuxAgreementTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1024, 2048, 4096})
    void workloadReadsBackOnLinux(int bs) throws Exception {
        Path img = E2fsprogs.image(dir, "fs.img", 32L << 20);
        TestFs.format(img, bs);
        Map<String, byte[]> files = new LinkedHashMap<>();
        String longTarget = "/a/very/long/target/".repeat(6) + "end";
        long tripleOffset = (12L + bs / 4 + (long) (bs / 4) * (bs / 4)) * bs + 12345; // first byte of the triple tree, and a bit
        long bigOffset = 3L << 30;
        byte[] tail = bytes(99, 5000);
        try (var m = TestFs.mount(img, false, 64 << 10)) { // a small cache: evictions write back mid-workload
            var fs = m.fs();
            long a = ok(fs.mkdir(Ext2FileSystem.ROOT, "a", 0755, 1000, 1000));
            long b = ok(fs.mkdir(a, "b", 0700, 0, 0));
            int[] sizes = {0, 1, bs - 1, bs, 12 * bs, 12 * bs + 1, (12 + bs / 4) * bs + 7, 300_000};
            for (int i = 0; i < sizes.length; i++) {
                byte[] data = bytes(i, sizes[i]);
                long f = ok(fs.create(i % 2 == 0 ? a : b, "f" + i, 0644, 1000, 100));
                TestFs.write(fs, f, 0, data);
                files.put((i % 2 == 0 ? "/a/" : "/a/b/") + "f" + i, data);
            }
            // many entries: the directory grows past one block, then some go again
            for (int i = 0; i < 120; i++) ok(fs.create(b, "entry-with-a-longish-name-" + i, 0600, 0, 0));
            for (int i = 0; i < 120; i += 3) ok(fs.unlink(b, "entry-with-a-longish-name-" + i));
            // holes: a file with data only at 1 MiB
            long holey = ok(fs.create(a, "holey", 0644, 0, 0));
            TestFs.write(fs, holey, 1 << 20, tail);
            byte[] holeyData = new byte[(1 << 20) + tail.length];
            System.arraycopy(tail, 0, holeyData, 1 << 20, tail.length);
            files.put("/a/holey", holeyData);
            // shrink through the indirect trees, then grow again (a hole)
            long shrink = ok(fs.create(a, "shrunk", 0644, 0, 0));
            TestFs.write(fs, shrink, 0, bytes(7, 400_000));
            ok(fs.truncate(shrink, 5000));
            ok(fs.truncate(shrink, 9000));
            byte[] shrunk = new byte[9000];
            System.arraycopy(bytes(7, 5000), 0, shrunk, 0, 5000);
            files.put("/a/shrunk", shrunk);
            // links, renames, symlinks
            ok(fs.link(Ext2FileSystem.ROOT, "hard", resolve(fs, "/a/f0")));
            files.put("/hard", files.get("/a/f0"));
            ok(fs.rename(a, "f2", Ext2FileSystem.ROOT, "moved"));
            files.put("/moved", files.remove("/a/f2"));
            ok(fs.rename(b, "f1", a, "f4")); // replaces a/f4
            files.put("/a/f4", files.remove("/a/b/f1"));
            ok(fs.symlink(Ext2FileSystem.ROOT, "fast", "a/f4", 0, 0));
            ok(fs.symlink(a, "slow", longTarget, 0, 0));
            long gone = ok(fs.mkdir(b, "gone", 0755, 0, 0));
            ok(fs.create(gone, "x", 0644, 0, 0));
            assertEquals(FsError.ENOTEMPTY, fs.rmdir(b, "gone").error());
            ok(fs.unlink(gone, "x"));
            ok(fs.rmdir(b, "gone"));
            ok(fs.setattr(resolve(fs, "/moved"), new SetAttr(0640, 42, 43, 1_000_000L, 2_000_000L)));
            // sparse giants: the triple indirect tree, and past 2 GiB
            long triple = ok(fs.create(Ext2FileSystem.ROOT, "triple", 0644, 0, 0));
            TestFs.write(fs, triple, tripleOffset, tail);
            long big = ok(fs.create(Ext2FileSystem.ROOT, "big", 0644, 0, 0));
            TestFs.write(fs, big, bigOffset, tail);
        }
        E2fsprogs.assertClean(img);
        for (var e : files.entrySet()) assertArrayEquals(e.getValue(), E2fsprogs.cat(img, e.getKey()), e.getKey());
        assertTrue(E2fsprogs.debugfs(img, "stat /fast").contains("Fast link dest: \"a/f4\""));
        assertEquals(longTarget, new String(E2fsprogs.cat(img, "/a/slow"), java.nio.charset.StandardCharsets.UTF_8));
        String moved = E2fsprogs.debugfs(img, "stat /moved");
        assertTrue(moved.contains("Mode:  0640") && moved.contains("User:    42") && moved.contains("Group:    43"), moved);
        assertTrue(E2fsprogs.debugfs(img, "stat /a").contains("Links: 3"));
        assertSparseTail(img, bs, "/triple", tripleOffset, tail);
        assertSparseTail(img, bs, "/big", bigOffset, tail);
        assertTrue(E2fsprogs.debugfs(img, "stat /big").contains("Size: " + (bigOffset + tail.length)));
        assertTrue(E2fsprogs.debugfs(img, "features").contains("large_file"));
        // and we read it all back too, after a remount
        try (var m = TestFs.mount(img)) {
            for (var e : files.entrySet()) assertArrayEquals(e.getValue(), TestFs.readAll(m.fs(), resolve(m.fs(), e.getKey())), e.getKey());
            assertEquals(longTarget, ok(m.fs().readlink(resolve(m.fs(), "/a/slow"))));
            assertEquals(bigOffset + tail.length, ok(m.fs().getattr(resolve(m.fs(), "/big"))).size());
        }
        E2fsprogs.assertClean(img);
    }

    /** The bytes at {@code offset} of a sparse file, found through debugfs's bmap (cat would stream gigabytes of zeros). */
    private static void assertSparseTail(Path img, int bs, String path, long offset, byte[] tail) throws Exception {
        byte[] got = new byte[tail.length];
        for (int done = 0; done < tail.length; ) {
            long pos = offset + done;
            String out = E2fsprogs.debugfs(img, "bmap " + path + " " + pos / bs);
            Matcher num = Pattern.compile("(?m)^(\\d+)\\s*$").matcher(out);
            assertTrue(num.find(), "bmap: " + out);
            long phys = Long.parseLong(num.group(1));
            assertTrue(phys > 0, path + " has a hole at " + pos);
            int len = (int) Math.min(tail.length - done, bs - pos % bs);
            try (var f = new RandomAccessFile(img.toFile(), "r")) {
                f.seek(phys * bs + pos % bs);
                f.readFully(got, done, len);
            }
            done += len;
        }
        assertArrayEquals(tail, got, path);
    }
}
