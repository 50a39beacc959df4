package dev.kernite.ext2;

import static dev.kernite.ext2.TestFs.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random sequences of create/write/truncate/mkdir/rmdir/unlink/rename/symlink/link, each checked against a small
 * in-memory model after every step (results, errors, contents, listings, link counts), ending with close and a clean
 * e2fsck. The seed is in every failure message.
 */
class ModelPropertyTest {
    private static final int STEPS = 250;
    private static final String[] NAMES = {"a", "b", "c", "d", "e"};

    @TempDir Path dir;

    /** A node of the model; files are shared between their hard links. */
    private static final class Node {
        final FileType type;
        byte[] data = new byte[0];
        final String target;

        Node(FileType type, String target) {
            this.type = type;
            this.target = target;
        }
    }

    private final TreeMap<String, Node> model = new TreeMap<>();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 0xC0FFEEL})
    void randomOperationsAgreeWithTheModel(long seed) throws Exception {
        int bs = new int[] {1024, 2048, 4096}[(int) (seed % 3)];
        Path img = E2fsprogs.image(dir, "prop.img", 16L << 20);
        TestFs.format(img, bs);
        model.put("", new Node(FileType.DIRECTORY, null));
        SplittableRandom rnd = new SplittableRandom(seed);
        int step = 0;
        try (var m = TestFs.mount(img, false, 32 << 10)) {
            for (; step < STEPS; step++) {
                doStep(m.fs(), rnd);
                checkAll(m.fs());
            }
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + ", step " + step + ": " + e.getMessage(), e);
        }
        try {
            E2fsprogs.assertClean(img);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private void doStep(Ext2FileSystem fs, SplittableRandom rnd) {
        List<String> dirs = paths(FileType.DIRECTORY);
        String parent = dirs.get(rnd.nextInt(dirs.size()));
        String path = parent + "/" + NAMES[rnd.nextInt(NAMES.length)];
        long pino = TestFs.resolve(fs, parent);
        String name = path.substring(path.lastIndexOf('/') + 1);
        Node existing = model.get(path);
        switch (rnd.nextInt(10)) {
            case 0, 1 -> expect(fs.create(pino, name, 0644, 1, 2), existing != null ? FsError.EEXIST : null, () -> model.put(path, new Node(FileType.REGULAR, null)));
            case 2 -> expect(fs.mkdir(pino, name, 0755, 0, 0), existing != null ? FsError.EEXIST : null, () -> model.put(path, new Node(FileType.DIRECTORY, null)));
            case 3 -> {
                String target = "t".repeat(1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 300));
                expect(fs.symlink(pino, name, target, 0, 0), existing != null ? FsError.EEXIST : null, () -> model.put(path, new Node(FileType.SYMLINK, target)));
            }
            case 4, 5 -> writeOrTruncate(fs, rnd);
            case 6 -> {
                FsError e = existing == null ? FsError.ENOENT : existing.type == FileType.DIRECTORY ? FsError.EISDIR : null;
                expect(fs.unlink(pino, name), e, () -> model.remove(path));
            }
            case 7 -> {
                FsError e = existing == null ? FsError.ENOENT : existing.type != FileType.DIRECTORY ? FsError.ENOTDIR
                    : !children(path).isEmpty() ? FsError.ENOTEMPTY : null;
                expect(fs.rmdir(pino, name), e, () -> model.remove(path));
            }
            case 8 -> {
                List<String> files = paths(FileType.REGULAR);
                if (files.isEmpty()) return;
                String src = files.get(rnd.nextInt(files.size()));
                expect(fs.link(pino, name, TestFs.resolve(fs, src)), existing != null ? FsError.EEXIST : null, () -> model.put(path, model.get(src)));
            }
            default -> rename(fs, rnd, path, pino, name);
        }
    }

    private void rename(Ext2FileSystem fs, SplittableRandom rnd, String to, long toIno, String toName) {
        List<String> all = new ArrayList<>(model.keySet());
        all.remove("");
        if (all.isEmpty()) return;
        String from = all.get(rnd.nextInt(all.size()));
        Node src = model.get(from);
        Node victim = model.get(to);
        String toParent = to.substring(0, to.lastIndexOf('/'));
        FsError e = null;
        if (victim == src) e = null;
        else if (victim != null && src.type == FileType.DIRECTORY && victim.type != FileType.DIRECTORY) e = FsError.ENOTDIR;
        else if (victim != null && src.type != FileType.DIRECTORY && victim.type == FileType.DIRECTORY) e = FsError.EISDIR;
        else if (victim != null && victim.type == FileType.DIRECTORY && !children(to).isEmpty()) e = FsError.ENOTEMPTY;
        else if (src.type == FileType.DIRECTORY && (toParent.equals(from) || toParent.startsWith(from + "/"))) e = FsError.EINVAL;
        long fromIno = TestFs.resolve(fs, from.substring(0, from.lastIndexOf('/')));
        expect(fs.rename(fromIno, from.substring(from.lastIndexOf('/') + 1), toIno, toName), e, () -> {
            if (victim == src) return;
            TreeMap<String, Node> moved = new TreeMap<>();
            for (var en : model.entrySet()) {
                if (en.getKey().equals(from) || en.getKey().startsWith(from + "/")) moved.put(to + en.getKey().substring(from.length()), en.getValue());
            }
            model.keySet().removeIf(k -> k.equals(from) || k.startsWith(from + "/"));
            model.remove(to);
            model.putAll(moved);
        });
    }

    private void writeOrTruncate(Ext2FileSystem fs, SplittableRandom rnd) {
        List<String> files = paths(FileType.REGULAR);
        if (files.isEmpty()) return;
        String f = files.get(rnd.nextInt(files.size()));
        Node n = model.get(f);
        long ino = TestFs.resolve(fs, f);
        if (rnd.nextInt(3) == 0) {
            int size = rnd.nextInt(n.data.length + 20_000);
            ok(fs.truncate(ino, size));
            n.data = Arrays.copyOf(n.data, size);
            return;
        }
        int off = rnd.nextInt(n.data.length + (rnd.nextBoolean() ? 100 : 300_000));
        byte[] chunk = TestFs.bytes(rnd.nextLong(), rnd.nextInt(1, 9000));
        assertEquals(chunk.length, ok(fs.write(ino, off, MemorySegment.ofArray(chunk))));
        if (off + chunk.length > n.data.length) n.data = Arrays.copyOf(n.data, off + chunk.length);
        System.arraycopy(chunk, 0, n.data, off, chunk.length);
    }

    private static void expect(FsResult<?> r, FsError error, Runnable onSuccess) {
        assertEquals(error, r.error(), "result");
        if (r.ok()) onSuccess.run();
    }

    private void checkAll(Ext2FileSystem fs) {
        for (var e : model.entrySet()) {
            String path = e.getKey();
            Node n = e.getValue();
            long ino = TestFs.resolve(fs, path);
            Attr a = ok(fs.getattr(ino));
            assertEquals(n.type, a.type(), path);
            switch (n.type) {
                case REGULAR -> {
                    assertArrayEquals(n.data, TestFs.readAll(fs, ino), path);
                    assertEquals(model.values().stream().filter(x -> x == n).count(), a.links(), path + " links");
                }
                case SYMLINK -> assertEquals(n.target, ok(fs.readlink(ino)), path);
                case DIRECTORY -> {
                    TreeSet<String> names = new TreeSet<>();
                    long subdirs = 0;
                    for (String c : children(path)) {
                        names.add(c.substring(c.lastIndexOf('/') + 1));
                        if (model.get(c).type == FileType.DIRECTORY) subdirs++;
                    }
                    if (path.isEmpty()) names.add("lost+found");
                    if (path.isEmpty()) subdirs++;
                    TreeSet<String> got = new TreeSet<>();
                    for (DirEntry d : ok(fs.readdir(ino, 0, 1000)).entries()) if (!d.name().equals(".") && !d.name().equals("..")) got.add(d.name());
                    assertEquals(names, got, "listing of " + path);
                    assertEquals(2 + subdirs, a.links(), path + " links");
                }
                default -> throw new AssertionError(n.type);
            }
        }
    }

    private List<String> paths(FileType type) {
        List<String> out = new ArrayList<>();
        for (var e : model.entrySet()) if (e.getValue().type == type) out.add(e.getKey());
        return out;
    }

    private List<String> children(String dirPath) {
        List<String> out = new ArrayList<>();
        for (String k : model.subMap(dirPath + "/", dirPath + "0").keySet()) if (k.lastIndexOf('/') == dirPath.length()) out.add(k);
        return out;
    }
}
