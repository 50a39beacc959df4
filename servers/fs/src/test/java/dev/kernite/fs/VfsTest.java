package dev.kernite.fs;

import static dev.kernite.runtime.fs.FsProtocol.O_CREATE;
import static dev.kernite.runtime.fs.FsProtocol.O_DIRECTORY;
import static dev.kernite.runtime.fs.FsProtocol.O_EXCL;
import static dev.kernite.runtime.fs.FsProtocol.O_READ;
import static dev.kernite.runtime.fs.FsProtocol.O_TRUNC;
import static dev.kernite.runtime.fs.FsProtocol.O_WRITE;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.fs.Dirent;
import dev.kernite.runtime.fs.FileKind;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The VFS over tmpfs: path resolution, mounts, symlinks and the errno of each failure. */
class VfsTest {
    private Vfs vfs;

    @BeforeEach
    void setUp() {
        MountTable table = new MountTable((source, type, ro) -> type.equals("tmpfs") ? FsResult.ok(new TmpFs(1 << 20)) : FsResult.error(FsError.ENOTSUP));
        table.mountRoot("tmpfs", "tmpfs", false, new TmpFs(1 << 20));
        vfs = new Vfs(table);
    }

    private static void ok(FsResult<?> r) { assertTrue(r.ok(), () -> "expected success, got " + r.error()); }

    private static void fails(FsError e, FsResult<?> r) { assertEquals(e, r.error(), () -> "result " + r); }

    private long ino(String path) { return vfs.resolve(path, true).orElseThrow().ino(); }

    private void writeFile(String path, String text) {
        Vfs.Node n = vfs.open(path, O_CREATE | O_WRITE | O_TRUNC, 0644, 0, 0).orElseThrow();
        ok(vfs.write(n, O_WRITE, 0, MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8))));
    }

    private String readFile(String path) {
        Vfs.Node n = vfs.open(path, O_READ, 0, 0, 0).orElseThrow();
        byte[] b = new byte[4096];
        int len = vfs.read(n, 0, MemorySegment.ofArray(b)).orElseThrow();
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    @Test
    void pathsResolveWithDotsAndSlashes() {
        ok(vfs.mkdir("/a", 0755, 0, 0));
        ok(vfs.mkdir("/a/b", 0755, 0, 0));
        writeFile("/a/b/f", "hello");
        assertEquals(ino("/a/b/f"), ino("//a/./b/../b///f"));
        assertEquals(ino("/"), ino("/.."), "/.. is /");
        assertEquals(ino("/a"), ino("/a/b/.."));
        fails(FsError.ENOTDIR, vfs.resolve("/a/b/f/", true));
        fails(FsError.ENOTDIR, vfs.resolve("/a/b/f/x", true));
        fails(FsError.ENOENT, vfs.resolve("/a/nope/x", true));
        fails(FsError.EINVAL, vfs.resolve("relative", true));
        fails(FsError.ENAMETOOLONG, vfs.resolve("/" + "x".repeat(256), true));
        assertEquals("hello", readFile("/a/b/../b/f"));
    }

    @Test
    void openFlagsBehaveAsPosixSays() {
        writeFile("/f", "data");
        fails(FsError.EEXIST, vfs.open("/f", O_CREATE | O_EXCL | O_WRITE, 0644, 0, 0));
        fails(FsError.ENOENT, vfs.open("/missing", O_READ, 0, 0, 0));
        fails(FsError.ENOTDIR, vfs.open("/f", O_READ | O_DIRECTORY, 0, 0, 0));
        fails(FsError.EISDIR, vfs.open("/", O_WRITE, 0, 0, 0));
        ok(vfs.open("/", O_READ | O_DIRECTORY, 0, 0, 0));
        ok(vfs.open("/f", O_WRITE | O_TRUNC, 0, 0, 0));
        assertEquals(0, vfs.stat(vfs.resolve("/f", true).orElseThrow()).orElseThrow().size());
        fails(FsError.ENOENT, vfs.open("/no/f", O_CREATE | O_WRITE, 0644, 0, 0));
        Vfs.Node n = vfs.open("/new", O_CREATE | O_WRITE, 0600, 0, 0).orElseThrow();
        assertEquals(0600, vfs.stat(n).orElseThrow().mode());
    }

    @Test
    void symlinksAreFollowedAndLoopsStop() {
        ok(vfs.mkdir("/d", 0755, 0, 0));
        writeFile("/d/f", "x");
        ok(vfs.symlink("/d", "/abs", 0, 0));
        ok(vfs.symlink("d/f", "/rel", 0, 0));
        ok(vfs.symlink("../d", "/d/up", 0, 0));
        assertEquals(ino("/d/f"), ino("/abs/f"));
        assertEquals(ino("/d/f"), ino("/rel"));
        assertEquals(ino("/d"), ino("/d/up/up/up"));
        assertEquals(FileKind.SYMLINK, vfs.stat(vfs.resolve("/rel", false).orElseThrow()).orElseThrow().kind());
        assertEquals("d/f", vfs.readlink("/rel").orElseThrow());
        fails(FsError.EINVAL, vfs.readlink("/d/f"));
        ok(vfs.symlink("/loop2", "/loop1", 0, 0));
        ok(vfs.symlink("/loop1", "/loop2", 0, 0));
        fails(FsError.ELOOP, vfs.resolve("/loop1", true));
        ok(vfs.resolve("/loop1", false));
        ok(vfs.symlink("/nowhere", "/dangling", 0, 0));
        fails(FsError.ENOENT, vfs.resolve("/dangling", true));
        // 40 links in a chain resolve; 41 do not
        for (int i = 0; i < 41; i++) ok(vfs.symlink(i == 0 ? "/d/f" : "/c" + (i - 1), "/c" + i, 0, 0));
        ok(vfs.resolve("/c39", true));
        fails(FsError.ELOOP, vfs.resolve("/c40", true));
    }

    @Test
    void mountsCoverDirectoriesAndDotDotCrossesBack() {
        ok(vfs.mkdir("/mnt", 0755, 0, 0));
        writeFile("/mnt/under", "hidden");
        ok(vfs.mount("tmpfs", "tmpfs", "/mnt/", false));
        fails(FsError.ENOENT, vfs.resolve("/mnt/under", true));
        writeFile("/mnt/over", "on tmpfs");
        assertEquals(ino("/"), ino("/mnt/.."));
        assertEquals(ino("/mnt"), ino("/mnt/../mnt/."));
        fails(FsError.EXDEV, vfs.rename("/mnt/over", "/over"));
        fails(FsError.EBUSY, vfs.rmdir("/mnt"));
        fails(FsError.EBUSY, vfs.rename("/mnt", "/elsewhere"));
        assertEquals(List.of("/", "/mnt"), vfs.mountList().stream().map(m -> m.path()).toList());
        Vfs.Node open = vfs.open("/mnt/over", O_READ, 0, 0, 0).orElseThrow();
        vfs.mounts.retain(open);
        fails(FsError.EBUSY, vfs.umount("/mnt"));
        vfs.mounts.release(open);
        fails(FsError.EINVAL, vfs.umount("/mnt/over"));
        fails(FsError.EBUSY, vfs.umount("/"));
        ok(vfs.umount("/mnt"));
        assertEquals("hidden", readFile("/mnt/under"));
        fails(FsError.ENOTDIR, vfs.mount("tmpfs", "tmpfs", "/mnt/under", false));
        fails(FsError.ENOTSUP, vfs.mount("x", "nofs", "/mnt", false));
    }

    @Test
    void namespaceChangesAndTheirErrors() {
        ok(vfs.mkdir("/d", 0755, 0, 0));
        writeFile("/d/f", "x");
        fails(FsError.EEXIST, vfs.mkdir("/d", 0755, 0, 0));
        fails(FsError.EEXIST, vfs.mkdir("/", 0755, 0, 0));
        fails(FsError.ENOTEMPTY, vfs.rmdir("/d"));
        fails(FsError.ENOTDIR, vfs.rmdir("/d/f"));
        fails(FsError.EINVAL, vfs.rmdir("/d/."));
        fails(FsError.EISDIR, vfs.unlink("/d"));
        fails(FsError.EINVAL, vfs.rename("/d", "/d/sub"));
        ok(vfs.rename("/d/f", "/g"));
        fails(FsError.ENOENT, vfs.unlink("/d/f"));
        ok(vfs.unlink("/g"));
        ok(vfs.rmdir("/d"));
        List<Dirent> root = vfs.readdir(vfs.resolve("/", true).orElseThrow(), 0, 100).orElseThrow().entries();
        assertEquals(List.of(".", ".."), root.stream().map(Dirent::name).toList());
    }

    @Test
    void attributesAreStoredAndUnlinkedOpenFilesLive() {
        writeFile("/f", "keep me");
        ok(vfs.setattr("/f", 0600, 12, 34, 1000L, 2000L));
        var st = vfs.stat(vfs.resolve("/f", true).orElseThrow()).orElseThrow();
        assertEquals(List.of(0600, 12, 34, 1000L, 2000L), List.of(st.mode(), st.uid(), st.gid(), st.atime(), st.mtime()));
        Vfs.Node n = vfs.open("/f", O_READ, 0, 0, 0).orElseThrow();
        vfs.mounts.retain(n);
        ok(vfs.unlink("/f"));
        byte[] b = new byte[16];
        assertEquals(7, vfs.read(n, 0, MemorySegment.ofArray(b)).orElseThrow(), "an unlinked open file is still readable");
        vfs.mounts.release(n);
        fails(FsError.ENOENT, vfs.stat(n));
    }

    @Test
    void tmpfsRunsOutOfSpaceWithEnospc() {
        Vfs.Node n = vfs.open("/big", O_CREATE | O_WRITE, 0644, 0, 0).orElseThrow();
        fails(FsError.ENOSPC, vfs.write(n, O_WRITE, 0, MemorySegment.ofArray(new byte[2 << 20])));
        ok(vfs.write(n, O_WRITE, 0, MemorySegment.ofArray(new byte[512 << 10])));
    }
}
