package dev.kernite.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.fs.DirPage;
import dev.kernite.runtime.fs.Dirent;
import dev.kernite.runtime.fs.FileKind;
import dev.kernite.runtime.fs.FileStat;
import dev.kernite.runtime.fs.FsStats;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file system in the file server's memory ({@code mount tmpfs /tmp}): inodes in a map, directories as sorted
 * maps of names, file data in byte arrays. Its contents die with the server (a restart starts it empty). Capacity
 * is bounded ({@link #capacity} bytes of data, {@link #MAX_INODES} inodes): beyond it, ENOSPC.
 *
 * <p>Thread safety: not thread-safe (the file server's one thread).
 */
final class TmpFs implements FsBackend {
    static final long ROOT = 1;
    static final int MAX_INODES = 65536;
    static final int NAME_MAX = 255;
    static final int BLOCK = 4096;

    private static final class Inode {
        final long ino;
        final FileKind kind;
        int mode, uid, gid, links, opens;
        long atime, mtime, ctime, parent;
        byte[] data = new byte[0];
        long size;
        String target;
        final TreeMap<String, Long> children;

        Inode(long ino, FileKind kind, int mode, int uid, int gid) {
            this.ino = ino;
            this.kind = kind;
            this.mode = mode & 07777;
            this.uid = uid;
            this.gid = gid;
            this.children = kind == FileKind.DIRECTORY ? new TreeMap<>() : null;
            atime = mtime = ctime = now();
        }
    }

    private final Map<Long, Inode> inodes = new HashMap<>();
    private final long capacity;
    private long used, nextIno = ROOT;

    TmpFs(long capacity) {
        this.capacity = capacity;
        Inode root = add(FileKind.DIRECTORY, 0755, 0, 0);
        root.links = 2;
        root.parent = ROOT;
    }

    private static long now() { return System.currentTimeMillis() / 1000; }

    private Inode add(FileKind kind, int mode, int uid, int gid) {
        Inode i = new Inode(nextIno++, kind, mode, uid, gid);
        inodes.put(i.ino, i);
        return i;
    }

    @Override public long root() { return ROOT; }

    @Override public boolean readOnly() { return false; }

    private FsResult<Inode> inode(long ino) {
        Inode i = inodes.get(ino);
        return i == null ? FsResult.error(FsError.ENOENT) : FsResult.ok(i);
    }

    private FsResult<Inode> dir(long ino) {
        Inode d = inodes.get(ino);
        if (d == null) return FsResult.error(FsError.ENOENT);
        return d.kind == FileKind.DIRECTORY ? FsResult.ok(d) : FsResult.error(FsError.ENOTDIR);
    }

    private static FsError badName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) return FsError.EINVAL;
        return name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX ? FsError.ENAMETOOLONG : null;
    }

    @Override
    public FsResult<Long> lookup(long dir, String name) {
        FsResult<Inode> d = dir(dir);
        if (!d.ok()) return d.cast();
        if (name.equals(".")) return FsResult.ok(dir);
        if (name.equals("..")) return FsResult.ok(d.value().parent);
        Long ino = d.value().children.get(name);
        return ino == null ? FsResult.error(FsError.ENOENT) : FsResult.ok(ino);
    }

    @Override
    public FsResult<FileStat> getattr(long ino) {
        return inode(ino).map(i -> new FileStat(i.ino, i.kind, i.mode, i.uid, i.gid, i.size, i.links,
            (i.data.length + 511L) / 512, i.atime, i.mtime, i.ctime));
    }

    @Override
    public FsResult<Void> setattr(long ino, Integer mode, Integer uid, Integer gid, Long atime, Long mtime) {
        FsResult<Inode> r = inode(ino);
        if (!r.ok()) return r.cast();
        Inode i = r.value();
        if (mode != null) i.mode = mode & 07777;
        if (uid != null) i.uid = uid;
        if (gid != null) i.gid = gid;
        if (atime != null) i.atime = atime;
        if (mtime != null) i.mtime = mtime;
        i.ctime = now();
        return FsResult.done();
    }

    /** Makes a new inode named {@code name} in {@code dir}. */
    private FsResult<Inode> make(long dir, String name, FileKind kind, int mode, int uid, int gid) {
        FsResult<Inode> d = dir(dir);
        if (!d.ok()) return d;
        FsError bad = badName(name);
        if (bad != null) return FsResult.error(bad);
        if (d.value().links == 0) return FsResult.error(FsError.ENOENT); // removed while open
        if (d.value().children.containsKey(name)) return FsResult.error(FsError.EEXIST);
        if (inodes.size() >= MAX_INODES) return FsResult.error(FsError.ENOSPC);
        Inode i = add(kind, mode, uid, gid);
        i.links = 1;
        d.value().children.put(name, i.ino);
        d.value().mtime = d.value().ctime = now();
        return FsResult.ok(i);
    }

    @Override
    public FsResult<Long> create(long dir, String name, int mode, int uid, int gid) {
        return make(dir, name, FileKind.REGULAR, mode, uid, gid).map(i -> i.ino);
    }

    @Override
    public FsResult<Long> mkdir(long dir, String name, int mode, int uid, int gid) {
        return make(dir, name, FileKind.DIRECTORY, mode, uid, gid).map(i -> {
            i.links = 2;
            i.parent = dir;
            inodes.get(dir).links++;
            return i.ino;
        });
    }

    @Override
    public FsResult<Long> symlink(long dir, String name, String target, int uid, int gid) {
        if (target.isEmpty() || target.length() > BLOCK) return FsResult.error(target.isEmpty() ? FsError.ENOENT : FsError.ENAMETOOLONG);
        return make(dir, name, FileKind.SYMLINK, 0777, uid, gid).map(i -> {
            i.target = target;
            i.size = target.getBytes(StandardCharsets.UTF_8).length;
            return i.ino;
        });
    }

    @Override
    public FsResult<Void> unlink(long dir, String name) {
        FsResult<Long> ino = lookup(dir, name);
        if (!ino.ok()) return ino.cast();
        if (badName(name) != null) return FsResult.error(FsError.EINVAL);
        Inode i = inodes.get(ino.value());
        if (i.kind == FileKind.DIRECTORY) return FsResult.error(FsError.EISDIR);
        remove(inodes.get(dir), name, i);
        return FsResult.done();
    }

    @Override
    public FsResult<Void> rmdir(long dir, String name) {
        if (name.equals(".")) return FsResult.error(FsError.EINVAL);
        if (name.equals("..")) return FsResult.error(FsError.ENOTEMPTY);
        FsResult<Long> ino = lookup(dir, name);
        if (!ino.ok()) return ino.cast();
        Inode i = inodes.get(ino.value());
        if (i.kind != FileKind.DIRECTORY) return FsResult.error(FsError.ENOTDIR);
        if (!i.children.isEmpty()) return FsResult.error(FsError.ENOTEMPTY);
        remove(inodes.get(dir), name, i);
        return FsResult.done();
    }

    /** Takes {@code name} out of {@code d}; the inode goes when no name and no open reference is left. */
    private void remove(Inode d, String name, Inode i) {
        d.children.remove(name);
        d.mtime = d.ctime = now();
        if (i.kind == FileKind.DIRECTORY) {
            d.links--;
            i.links = 0;
        } else {
            i.links--;
        }
        i.ctime = now();
        maybeFree(i);
    }

    private void maybeFree(Inode i) {
        if (i.links > 0 || i.opens > 0) return;
        used -= i.data.length;
        inodes.remove(i.ino);
    }

    @Override
    public FsResult<Void> rename(long fromDir, String fromName, long toDir, String toName) {
        FsResult<Inode> fd = dir(fromDir), td = dir(toDir);
        if (!fd.ok()) return fd.cast();
        if (!td.ok()) return td.cast();
        if (badName(fromName) != null || badName(toName) != null) {
            FsError bad = badName(toName);
            return FsResult.error(bad == FsError.ENAMETOOLONG ? bad : FsError.EINVAL);
        }
        Long src = fd.value().children.get(fromName);
        if (src == null) return FsResult.error(FsError.ENOENT);
        Inode s = inodes.get(src);
        for (long a = toDir; ; a = inodes.get(a).parent) { // no directory into its own subtree
            if (a == src && s.kind == FileKind.DIRECTORY) return FsResult.error(FsError.EINVAL);
            if (a == ROOT) break;
        }
        Long dst = td.value().children.get(toName);
        if (dst != null) {
            if (dst.longValue() == src) return FsResult.done();
            Inode t = inodes.get(dst);
            if (s.kind == FileKind.DIRECTORY && t.kind != FileKind.DIRECTORY) return FsResult.error(FsError.ENOTDIR);
            if (s.kind != FileKind.DIRECTORY && t.kind == FileKind.DIRECTORY) return FsResult.error(FsError.EISDIR);
            if (t.kind == FileKind.DIRECTORY && !t.children.isEmpty()) return FsResult.error(FsError.ENOTEMPTY);
            remove(td.value(), toName, t);
        }
        fd.value().children.remove(fromName);
        td.value().children.put(toName, src);
        if (s.kind == FileKind.DIRECTORY && fromDir != toDir) {
            fd.value().links--;
            td.value().links++;
            s.parent = toDir;
        }
        long t = now();
        fd.value().mtime = fd.value().ctime = td.value().mtime = td.value().ctime = s.ctime = t;
        return FsResult.done();
    }

    private FsResult<Inode> file(long ino) {
        FsResult<Inode> r = inode(ino);
        if (r.ok() && r.value().kind == FileKind.DIRECTORY) return FsResult.error(FsError.EISDIR);
        if (r.ok() && r.value().kind != FileKind.REGULAR) return FsResult.error(FsError.EINVAL);
        return r;
    }

    @Override
    public FsResult<Integer> read(long ino, long offset, MemorySegment into) {
        FsResult<Inode> r = file(ino);
        if (!r.ok()) return r.cast();
        Inode i = r.value();
        if (offset >= i.size) return FsResult.ok(0);
        int n = (int) Math.min(into.byteSize(), i.size - offset);
        MemorySegment.copy(i.data, (int) offset, into, ValueLayout.JAVA_BYTE, 0, n);
        i.atime = now();
        return FsResult.ok(n);
    }

    @Override
    public FsResult<Integer> write(long ino, long offset, MemorySegment from) {
        FsResult<Inode> r = file(ino);
        if (!r.ok()) return r.cast();
        Inode i = r.value();
        long end = offset + from.byteSize();
        if (end > Integer.MAX_VALUE - 8) return FsResult.error(FsError.EFBIG);
        FsError grown = ensure(i, end);
        if (grown != null) return FsResult.error(grown);
        MemorySegment.copy(from, ValueLayout.JAVA_BYTE, 0, i.data, (int) offset, (int) from.byteSize());
        i.size = Math.max(i.size, end);
        i.mtime = i.ctime = now();
        return FsResult.ok((int) from.byteSize());
    }

    /** Grows {@code i}'s array to hold {@code size} bytes, within the capacity. */
    private FsError ensure(Inode i, long size) {
        if (size <= i.data.length) return null;
        long want = Math.max(size, Math.min(i.data.length * 2L, Integer.MAX_VALUE - 8));
        want = (want + BLOCK - 1) / BLOCK * BLOCK;
        if (used + size - i.data.length > capacity) return FsError.ENOSPC;
        want = Math.min(want, capacity - used + i.data.length);
        used += want - i.data.length;
        i.data = Arrays.copyOf(i.data, (int) want);
        return null;
    }

    @Override
    public FsResult<Void> truncate(long ino, long size) {
        FsResult<Inode> r = file(ino);
        if (!r.ok()) return r.cast();
        Inode i = r.value();
        if (size > Integer.MAX_VALUE - 8) return FsResult.error(FsError.EFBIG);
        if (size > i.size) {
            FsError grown = ensure(i, size);
            if (grown != null) return FsResult.error(grown);
        } else {
            Arrays.fill(i.data, (int) size, (int) i.size, (byte) 0);
        }
        i.size = size;
        i.mtime = i.ctime = now();
        return FsResult.done();
    }

    @Override
    public FsResult<DirPage> readdir(long dir, long cookie, int max) {
        FsResult<Inode> r = dir(dir);
        if (!r.ok()) return r.cast();
        Inode d = r.value();
        List<Dirent> all = new ArrayList<>(d.children.size() + 2);
        all.add(new Dirent(".", d.ino, FileKind.DIRECTORY));
        all.add(new Dirent("..", d.parent, FileKind.DIRECTORY));
        d.children.forEach((name, ino) -> all.add(new Dirent(name, ino, inodes.get(ino).kind)));
        if (cookie < 0) return FsResult.error(FsError.EINVAL);
        int from = (int) Math.min(cookie, all.size()), to = (int) Math.min(all.size(), from + (long) max);
        return FsResult.ok(new DirPage(all.subList(from, to), to, to == all.size()));
    }

    @Override
    public FsResult<String> readlink(long ino) {
        FsResult<Inode> r = inode(ino);
        if (!r.ok()) return r.cast();
        return r.value().kind == FileKind.SYMLINK ? FsResult.ok(r.value().target) : FsResult.error(FsError.EINVAL);
    }

    @Override
    public void retain(long ino) {
        Inode i = inodes.get(ino);
        if (i != null) i.opens++;
    }

    @Override
    public void release(long ino) {
        Inode i = inodes.get(ino);
        if (i == null || i.opens == 0) return;
        i.opens--;
        maybeFree(i);
    }

    @Override public FsResult<Void> fsync(long ino) { return inode(ino).map(i -> null); }

    @Override public FsResult<Void> sync() { return FsResult.done(); }

    @Override
    public FsResult<FsStats> statfs() {
        long blocks = capacity / BLOCK, free = (capacity - used) / BLOCK;
        return FsResult.ok(new FsStats(BLOCK, blocks, free, free, MAX_INODES, MAX_INODES - inodes.size(), NAME_MAX, "tmpfs"));
    }

    @Override
    public void close() {
        inodes.clear();
        used = 0;
    }
}
