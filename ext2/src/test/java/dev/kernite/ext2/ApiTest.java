package dev.kernite.ext2;

import static dev.kernite.ext2.TestFs.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.fs.FsError;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's contracts one by one: names, errors, open references, readdir cookies, the cache bound, clean state. */
class ApiTest {
    @TempDir Path dir;

    private Path fresh() throws Exception {
        Path img = E2fsprogs.image(dir, "api.img", 8L << 20);
        TestFs.format(img, 1024);
        return img;
    }

    @Test
    void namesAreChecked() throws Exception {
        try (var m = TestFs.mount(fresh())) {
            var fs = m.fs();
            long root = Ext2FileSystem.ROOT;
            assertEquals(FsError.EINVAL, fs.create(root, "", 0644, 0, 0).error());
            assertEquals(FsError.EINVAL, fs.create(root, "a/b", 0644, 0, 0).error());
            assertEquals(FsError.EINVAL, fs.create(root, "a\0b", 0644, 0, 0).error());
            assertEquals(FsError.EINVAL, fs.create(root, "..", 0644, 0, 0).error());
            assertEquals(FsError.EINVAL, fs.unlink(root, ".").error());
            assertEquals(FsError.ENAMETOOLONG, fs.create(root, "x".repeat(256), 0644, 0, 0).error());
            ok(fs.create(root, "é".repeat(127), 0644, 0, 0)); // 254 bytes of UTF-8
            assertEquals(FsError.ENAMETOOLONG, fs.create(root, "é".repeat(128), 0644, 0, 0).error());
            long f = ok(fs.create(root, "f", 0644, 0, 0));
            assertEquals(FsError.EEXIST, fs.mkdir(root, "f", 0755, 0, 0).error());
            assertEquals(FsError.ENOTDIR, fs.create(f, "x", 0644, 0, 0).error());
            assertEquals(FsError.ENOENT, fs.lookup(root, "nope").error());
            long d = ok(fs.mkdir(root, "d", 0755, 0, 0));
            assertEquals(FsError.EISDIR, fs.unlink(root, "d").error());
            assertEquals(FsError.ENOTDIR, fs.rmdir(root, "f").error());
            assertEquals(FsError.EISDIR, fs.write(d, 0, MemorySegment.ofArray(new byte[1])).error());
            assertEquals(FsError.EPERM, fs.link(root, "dlink", d).error());
            assertEquals(FsError.EINVAL, fs.rename(root, "d", d, "inside").error());
            assertEquals(FsError.ENAMETOOLONG, fs.symlink(root, "s", "x".repeat(1024), 0, 0).error());
            assertEquals(FsError.EFBIG, fs.write(f, 1L << 45, MemorySegment.ofArray(new byte[1])).error());
            assertEquals(FsError.ESTALE, fs.getattr(5000).error());
            assertEquals(d, ok(fs.lookup(d, ".")));
            assertEquals(Ext2FileSystem.ROOT, ok(fs.lookup(d, "..")));
        }
    }

    @Test
    void unlinkedButOpenFilesLiveUntilTheLastRelease() throws Exception {
        Path img = fresh();
        try (var m = TestFs.mount(img)) {
            var fs = m.fs();
            long f = ok(fs.create(Ext2FileSystem.ROOT, "f", 0644, 0, 0));
            TestFs.write(fs, f, 0, TestFs.bytes(3, 50_000));
            long free = ok(fs.statfs()).freeBlocks();
            fs.retain(f);
            fs.retain(f);
            ok(fs.unlink(Ext2FileSystem.ROOT, "f"));
            assertArrayEquals(TestFs.bytes(3, 50_000), TestFs.readAll(fs, f));
            fs.release(f);
            assertEquals(0, ok(fs.getattr(f)).links());
            fs.release(f);
            assertEquals(FsError.ESTALE, fs.getattr(f).error());
            assertTrue(ok(fs.statfs()).freeBlocks() > free + 45);
        }
        E2fsprogs.assertClean(img);
    }

    @Test
    void readdirCookiesSurviveChanges() throws Exception {
        Path img = fresh();
        try (var m = TestFs.mount(img)) {
            var fs = m.fs();
            long d = ok(fs.mkdir(Ext2FileSystem.ROOT, "d", 0755, 0, 0));
            for (int i = 0; i < 200; i++) ok(fs.create(d, "file-" + i, 0644, 0, 0));
            Set<String> seen = new HashSet<>();
            long cookie = 0;
            int pages = 0;
            while (true) {
                DirPage p = ok(fs.readdir(d, cookie, 9));
                for (DirEntry e : p.entries()) assertTrue(seen.add(e.name()), "twice: " + e.name());
                if (pages++ == 3) for (int i = 0; i < 20; i++) ok(fs.unlink(d, "file-" + i)); // early ones, already listed
                cookie = p.nextCookie();
                if (p.end()) break;
            }
            assertEquals(202, seen.size());
            assertEquals(0, ok(fs.readdir(d, cookie, 9)).entries().size());
        }
        E2fsprogs.assertClean(img);
    }

    @Test
    void theCacheStaysBoundedAndWritesBackOnEviction() throws Exception {
        Path img = fresh();
        try (var m = TestFs.mount(img, false, 16 * 1024)) {
            var fs = m.fs();
            long f = ok(fs.create(Ext2FileSystem.ROOT, "f", 0644, 0, 0));
            byte[] data = TestFs.bytes(4, 2 << 20);
            for (int off = 0; off < data.length; off += 1000) { // pieces smaller than a block go through the cache
                TestFs.write(fs, f, off, java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 1000)));
            }
            BlockCache cache = fs.volume().cache;
            assertTrue(cache.dirtyCount() <= 16, "dirty " + cache.dirtyCount());
            assertTrue(cache.writeCount() > 100, "evicted dirty blocks are written, in runs: " + cache.writeCount());
            assertArrayEquals(TestFs.bytes(4, 2 << 20), TestFs.readAll(fs, f));
        }
        E2fsprogs.assertClean(img);
    }

    @Test
    void aCachedFileIsReadWithoutTheStoreAndFreedBlocksLeaveTheCache() throws Exception {
        Path img = fresh();
        try (var m = TestFs.mount(img, false, 4 << 20)) {
            var fs = m.fs();
            long f = ok(fs.create(Ext2FileSystem.ROOT, "f", 0644, 0, 0));
            TestFs.write(fs, f, 0, TestFs.bytes(5, 1 << 20));
            ok(fs.fsync(f));
            BlockCache cache = fs.volume().cache;
            assertEquals(0, cache.dirtyCount(), "fsync writes every dirty block");
            long reads = cache.readCount();
            assertArrayEquals(TestFs.bytes(5, 1 << 20), TestFs.readAll(fs, f));
            assertEquals(reads, cache.readCount(), "a hit never reaches the store");
            ok(fs.truncate(f, 0));
            long g = ok(fs.create(Ext2FileSystem.ROOT, "g", 0644, 0, 0));
            TestFs.write(fs, g, 0, TestFs.bytes(6, 1 << 20)); // likely on f's freed blocks
            assertArrayEquals(TestFs.bytes(6, 1 << 20), TestFs.readAll(fs, g));
            assertEquals(0, TestFs.readAll(fs, f).length);
        }
        E2fsprogs.assertClean(img);
    }

    @Test
    void mountMarksNotCleanUntilClose() throws Exception {
        Path img = fresh();
        List<String> states = new ArrayList<>();
        try (var m = TestFs.mount(img)) {
            states.add(E2fsprogs.debugfs(img, "stats"));
            m.fs().close();
            m.fs().close(); // idempotent
            states.add(E2fsprogs.debugfs(img, "stats"));
            assertEquals(FsError.EBADF, m.fs().getattr(Ext2FileSystem.ROOT).error());
        }
        assertTrue(states.get(0).contains("Filesystem state:         not clean"), states.get(0));
        assertTrue(states.get(1).contains("Filesystem state:         clean"), states.get(1));
    }
}
