package dev.kernite.ext2;

import static dev.kernite.ext2.TestFs.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Linux writes, we read: {@code mke2fs -t ext2 -d DIR} images read back as DIR (files, sizes, bytes, modes,
 * symlinks, nested directories); ext3/ext4 images are mounted read-only or refused, and never changed.
 */
class LinuxImageTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1024, 2048, 4096})
    void mke2fsPopulatedImageReadsBackAsTheTree(int bs) throws Exception {
        Path src = Files.createDirectory(dir.resolve("src"));
        Files.write(src.resolve("empty"), new byte[0]);
        Files.write(src.resolve("small.txt"), "hello, kernite\n".getBytes());
        Path deep = Files.createDirectories(src.resolve("d1/d2/d3"));
        Files.write(deep.resolve("big.bin"), TestFs.bytes(5, 700_000));
        Files.write(src.resolve("d1/mid.bin"), TestFs.bytes(6, 13 * bs + 3));
        Files.setPosixFilePermissions(src.resolve("small.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(src.resolve("fast"), Path.of("d1/mid.bin"));
        Files.createSymbolicLink(src.resolve("slow"), Path.of("x".repeat(200)));
        Path many = Files.createDirectory(src.resolve("many"));
        for (int i = 0; i < 300; i++) Files.write(many.resolve("file-number-" + i), new byte[] {(byte) i});
        Path img = E2fsprogs.image(dir, "linux.img", 16L << 20);
        E2fsprogs.mke2fs(img, "-t", "ext2", "-b", Integer.toString(bs), "-d", src.toString());
        byte[] before = Files.readAllBytes(img);
        try (var m = TestFs.mount(img, true, 1 << 20)) {
            assertTrue(m.fs().readOnly());
            compareTree(m.fs(), Ext2FileSystem.ROOT, src);
        }
        assertArrayEquals(before, Files.readAllBytes(img), "a read-only mount changed the image");
        try (var m = TestFs.mount(img)) { // writable: change it and let e2fsck judge
            long d = TestFs.resolve(m.fs(), "/many");
            for (int i = 0; i < 300; i += 2) ok(m.fs().unlink(d, "file-number-" + i));
            ok(m.fs().create(d, "new", 0644, 0, 0));
            ok(m.fs().rename(Ext2FileSystem.ROOT, "d1", d, "d1-moved"));
        }
        E2fsprogs.assertClean(img);
    }

    private void compareTree(Ext2FileSystem fs, long ino, Path host) throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        try (Stream<Path> s = Files.list(host)) {
            s.forEach(p -> expected.add(p.getFileName().toString()));
        }
        if (ino == Ext2FileSystem.ROOT) expected.add("lost+found");
        List<DirEntry> entries = new ArrayList<>();
        long cookie = 0;
        for (DirPage page; !(page = ok(fs.readdir(ino, cookie, 7))).end() || !page.entries().isEmpty(); cookie = page.nextCookie()) {
            entries.addAll(page.entries());
            if (page.end()) break;
        }
        TreeSet<String> got = new TreeSet<>();
        for (DirEntry e : entries) if (!e.name().equals(".") && !e.name().equals("..")) got.add(e.name());
        assertEquals(expected, got, "entries of " + host);
        for (DirEntry e : entries) {
            if (e.name().equals(".") || e.name().equals("..") || e.name().equals("lost+found")) continue;
            Path p = host.resolve(e.name());
            Attr a = ok(fs.getattr(e.ino()));
            assertEquals(e.type(), a.type());
            if (Files.isSymbolicLink(p)) {
                assertEquals(FileType.SYMLINK, a.type());
                assertEquals(Files.readSymbolicLink(p).toString(), ok(fs.readlink(e.ino())));
            } else if (Files.isDirectory(p)) {
                assertEquals(FileType.DIRECTORY, a.type());
                compareTree(fs, e.ino(), p);
            } else {
                assertEquals(Files.size(p), a.size(), p.toString());
                assertArrayEquals(Files.readAllBytes(p), TestFs.readAll(fs, e.ino()), p.toString());
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                assertEquals(mode & 07777, a.mode(), p.toString());
            }
        }
    }

    @Test
    void ext4AndExtentImagesAreRefusedUnchanged() throws Exception {
        for (String[] opts : List.of(new String[] {"-t", "ext4"}, new String[] {"-t", "ext2", "-O", "extent"},
                                     new String[] {"-t", "ext2", "-O", "flex_bg"})) {
            Path img = E2fsprogs.image(dir, "ext4.img", 16L << 20);
            E2fsprogs.mke2fs(img, opts);
            byte[] before = Files.readAllBytes(img);
            try (var s = FileBlockStore.open(img, false)) {
                assertEquals(Probe.EXT2, Ext2FileSystem.probe(s));
                List<String> why = new ArrayList<>();
                FsResult<Ext2FileSystem> r = Ext2FileSystem.mount(s, new MountOptions(false), why::add);
                assertEquals(FsError.ENOTSUP, r.error(), String.join(" ", opts));
                assertTrue(why.stream().anyMatch(w -> w.contains(opts.length > 2 ? opts[3] : "extent") && w.contains("mke2fs -t ext2")), why.toString());
            }
            assertArrayEquals(before, Files.readAllBytes(img));
            Files.delete(img);
        }
    }

    @Test
    void ext3IsReadOnlyAndUnchanged() throws Exception {
        Path src = Files.createDirectory(dir.resolve("src3"));
        Files.write(src.resolve("f"), TestFs.bytes(1, 10_000));
        Path img = E2fsprogs.image(dir, "ext3.img", 16L << 20);
        E2fsprogs.mke2fs(img, "-t", "ext3", "-d", src.toString());
        byte[] before = Files.readAllBytes(img);
        try (var m = TestFs.mount(img)) {
            var fs = m.fs();
            assertTrue(fs.readOnly());
            assertTrue(fs.warnings().stream().anyMatch(w -> w.contains("has_journal") && w.contains("read-only")), fs.warnings().toString());
            assertArrayEquals(TestFs.bytes(1, 10_000), TestFs.readAll(fs, TestFs.resolve(fs, "/f")));
            assertEquals(FsError.EROFS, fs.create(Ext2FileSystem.ROOT, "x", 0644, 0, 0).error());
            assertEquals(FsError.EROFS, fs.write(TestFs.resolve(fs, "/f"), 0, MemorySegment.ofArray(new byte[1])).error());
            assertEquals(FsError.EROFS, fs.unlink(Ext2FileSystem.ROOT, "f").error());
            assertFalse(fs.sync().error() != null);
        }
        assertArrayEquals(before, Files.readAllBytes(img), "an ext3 image was changed");
    }
}
