package dev.kernite.ext2;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kernite.abi.fs.FsResult;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Helpers for tests: format and mount images, unwrap results, read whole files. */
final class TestFs {
    private TestFs() {}

    static <T> T ok(FsResult<T> r) {
        if (!r.ok()) fail("expected success, got " + r.error().describe());
        return r.value();
    }

    static void format(Path image, int blockSize) throws IOException {
        try (FileBlockStore s = FileBlockStore.open(image, false)) {
            ok(Ext2FileSystem.format(s, new FormatOptions(blockSize, 256, 8192, "kernite", UUID.randomUUID())));
        }
    }

    /** A mounted file system with its store, closed together. */
    record Mounted(FileBlockStore store, Ext2FileSystem fs) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            fs.close();
            store.close();
        }
    }

    static Mounted mount(Path image) throws IOException { return mount(image, false, Ext2FileSystem.DEFAULT_CACHE_BYTES); }

    static Mounted mount(Path image, boolean readOnly, long cacheBytes) throws IOException {
        FileBlockStore s = FileBlockStore.open(image, readOnly);
        List<String> why = new ArrayList<>();
        FsResult<Ext2FileSystem> r = Ext2FileSystem.mount(s, new MountOptions(readOnly), why::add, cacheBytes);
        if (!r.ok()) {
            s.close();
            fail("mount refused: " + r.error().describe() + " " + why);
        }
        return new Mounted(s, r.value());
    }

    static byte[] readAll(Ext2FileSystem fs, long ino) {
        long size = ok(fs.getattr(ino)).size();
        assertTrue(size < Integer.MAX_VALUE, "file too big to read whole");
        byte[] out = new byte[(int) size];
        MemorySegment seg = MemorySegment.ofArray(out);
        long off = 0;
        while (off < size) {
            int n = ok(fs.read(ino, off, seg.asSlice(off, Math.min(1 << 20, size - off))));
            if (n == 0) fail("short read at " + off + " of " + size);
            off += n;
        }
        return out;
    }

    static void write(Ext2FileSystem fs, long ino, long offset, byte[] data) {
        ok(fs.write(ino, offset, MemorySegment.ofArray(data)));
    }

    /** Looks a slash-separated path up from the root. */
    static long resolve(Ext2FileSystem fs, String path) {
        long ino = Ext2FileSystem.ROOT;
        for (String part : path.split("/")) if (!part.isEmpty()) ino = ok(fs.lookup(ino, part));
        return ino;
    }

    static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
