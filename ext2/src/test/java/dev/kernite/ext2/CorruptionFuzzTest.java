package dev.kernite.ext2;

import static dev.kernite.ext2.TestFs.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kernite.abi.fs.FsResult;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random byte changes in the superblock, group descriptors, inode table, directory blocks and indirect blocks
 * of a populated image; then mount, walk the tree, read everything, write a little, close. Only FsResult errors or a
 * refused mount may come of it: no exception, no hang, no I/O outside the image.
 */
class CorruptionFuzzTest {
    private static final int CASES = Integer.getInteger("ext2.fuzz.cases", 300);

    @TempDir Path dir;
    private byte[] pristine;
    private final List<long[]> regions = new ArrayList<>(); // {first byte, length}
    private final List<String> regionNames = new ArrayList<>();

    @BeforeEach
    void populate() throws IOException {
        Path img = E2fsprogs.image(dir, "base.img", 4L << 20);
        TestFs.format(img, 1024);
        try (var m = TestFs.mount(img)) {
            var fs = m.fs();
            long d = ok(fs.mkdir(Ext2FileSystem.ROOT, "dir", 0755, 0, 0));
            long sub = ok(fs.mkdir(d, "sub", 0755, 0, 0));
            for (int i = 0; i < 40; i++) ok(fs.create(d, "name-" + i, 0644, 0, 0));
            long big = ok(fs.create(sub, "big", 0644, 0, 0));
            TestFs.write(fs, big, 0, TestFs.bytes(1, 350_000)); // single and double indirect blocks
            long small = ok(fs.create(Ext2FileSystem.ROOT, "small", 0644, 0, 0));
            TestFs.write(fs, small, 0, TestFs.bytes(2, 3000));
            ok(fs.symlink(Ext2FileSystem.ROOT, "fast", "dir/sub/big", 0, 0));
            ok(fs.symlink(d, "slow", "s".repeat(300), 0, 0));
            Volume vol = fs.volume();
            int bs = vol.blockSize();
            region("superblock", 1024, 1024);
            region("group descriptors", 2L * bs, bs);
            region("inode table", vol.inodeTable(0) * bs, 8L * bs);
            Inode bigInode = vol.readInode(big);
            region("single indirect block", bigInode.block(12) * bs, bs);
            region("double indirect block", bigInode.block(13) * bs, bs);
            for (long ino : new long[] {Ext2FileSystem.ROOT, d, sub}) region("directory block", vol.readInode(ino).block(0) * bs, bs);
        }
        pristine = Files.readAllBytes(img);
    }

    private void region(String name, long start, long length) {
        regions.add(new long[] {start, length});
        regionNames.add(name);
    }

    @Test
    void corruptImagesGiveErrorsNotExceptions() throws Exception {
        Path img = dir.resolve("fuzz.img");
        for (int c = 0; c < CASES; c++) {
            long seed = 1000 + c;
            SplittableRandom rnd = new SplittableRandom(seed);
            byte[] image = pristine.clone();
            int r = rnd.nextInt(regions.size());
            long[] reg = regions.get(r);
            int flips = 1 + rnd.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int at = (int) (reg[0] + rnd.nextLong(reg[1]));
                image[at] = rnd.nextInt(4) == 0 ? (byte) 0xFF : (byte) rnd.nextInt(256);
            }
            Files.write(img, image);
            String what = "seed " + seed + " (" + regionNames.get(r) + ", " + flips + " bytes)";
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> exercise(img), what);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(what + ": " + e, e);
            }
            assertEquals(pristine.length, Files.size(img), what + ": the image changed size");
        }
    }

    private static void exercise(Path img) throws IOException {
        try (FileBlockStore file = FileBlockStore.open(img, false)) {
            BlockStore store = new BoundedStore(file);
            FsResult<Ext2FileSystem> m = Ext2FileSystem.mount(store, new MountOptions(false), why -> {}, 32 << 10);
            if (!m.ok()) return;
            try (Ext2FileSystem fs = m.value()) {
                walk(fs, Ext2FileSystem.ROOT, new HashSet<>(), 0);
                long f = fs.create(Ext2FileSystem.ROOT, "new", 0644, 0, 0).ok() ? fs.lookup(Ext2FileSystem.ROOT, "new").value() : -1;
                if (f > 0) {
                    fs.write(f, 0, MemorySegment.ofArray(new byte[20_000]));
                    fs.write(f, 300_000, MemorySegment.ofArray(new byte[100]));
                    fs.truncate(f, 10);
                }
                fs.mkdir(Ext2FileSystem.ROOT, "newdir", 0755, 0, 0);
                fs.unlink(Ext2FileSystem.ROOT, "small");
                FsResult<Long> d = fs.lookup(Ext2FileSystem.ROOT, "dir");
                if (d.ok()) {
                    fs.rename(d.value(), "name-3", Ext2FileSystem.ROOT, "renamed");
                    fs.rmdir(d.value(), "sub");
                    FsResult<Long> sub = fs.lookup(d.value(), "sub");
                    if (sub.ok()) fs.unlink(sub.value(), "big");
                    fs.rename(Ext2FileSystem.ROOT, "dir", d.value(), "loop");
                }
                fs.statfs();
                fs.sync();
            }
        }
    }

    private static void walk(Ext2FileSystem fs, long ino, Set<Long> seen, int depth) {
        if (depth > 16 || !seen.add(ino) || seen.size() > 500) return;
        FsResult<Attr> a = fs.getattr(ino);
        if (!a.ok()) return;
        switch (a.value().type()) {
            case DIRECTORY -> {
                long cookie = 0;
                for (int pages = 0; pages < 50; pages++) {
                    FsResult<DirPage> p = fs.readdir(ino, cookie, 16);
                    if (!p.ok()) return;
                    for (DirEntry e : p.value().entries()) {
                        fs.lookup(ino, e.name());
                        if (!e.name().equals(".") && !e.name().equals("..")) walk(fs, e.ino(), seen, depth + 1);
                    }
                    if (p.value().end()) return;
                    cookie = p.value().nextCookie();
                }
            }
            case REGULAR -> {
                MemorySegment buf = MemorySegment.ofArray(new byte[64 << 10]);
                for (long off = 0; off < Math.min(a.value().size(), 1 << 20); ) {
                    FsResult<Integer> n = fs.read(ino, off, buf);
                    if (!n.ok() || n.value() == 0) return;
                    off += n.value();
                }
            }
            case SYMLINK -> fs.readlink(ino);
            default -> { }
        }
    }

    /** Fails the test on any request outside the image (the file system must bound all I/O itself). */
    private record BoundedStore(FileBlockStore inner) implements BlockStore {
        @Override public long size() { return inner.size(); }

        @Override public boolean readOnly() { return inner.readOnly(); }

        @Override
        public void read(long offset, MemorySegment into) throws IOException {
            check(offset, into.byteSize());
            inner.read(offset, into);
        }

        @Override
        public void write(long offset, MemorySegment from) throws IOException {
            check(offset, from.byteSize());
            inner.write(offset, from);
        }

        @Override public void flush() throws IOException { inner.flush(); }

        private void check(long offset, long length) {
            if (offset < 0 || offset + length > inner.size()) fail("I/O outside the image: [" + offset + ", +" + length + ")");
        }
    }
}
