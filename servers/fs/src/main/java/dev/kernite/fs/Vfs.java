package dev.kernite.fs;

import static dev.kernite.runtime.fs.FsProtocol.O_APPEND;
import static dev.kernite.runtime.fs.FsProtocol.O_CREATE;
import static dev.kernite.runtime.fs.FsProtocol.O_DIRECTORY;
import static dev.kernite.runtime.fs.FsProtocol.O_EXCL;
import static dev.kernite.runtime.fs.FsProtocol.O_TRUNC;
import static dev.kernite.runtime.fs.FsProtocol.O_WRITE;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.fs.DirPage;
import dev.kernite.runtime.fs.FileKind;
import dev.kernite.runtime.fs.FileStat;
import dev.kernite.runtime.fs.FsStats;
import dev.kernite.runtime.fs.MountInfo;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The virtual file system: absolute paths → (mount, inode) through the {@link MountTable}, following symbolic
 * links (ELOOP after {@value #MAX_SYMLINKS}), ".." across mount points, and the path operations of the protocol
 * with the checks that belong above any one file system (read-only mounts, mount points that are busy, renames
 * across mounts). Times are set and owners stored; every caller is uid 0 for now, so modes are not enforced.
 *
 * <p>Thread safety: not thread-safe; the file server's dispatch thread owns it (and the shutdown hook, under the
 * server's lock).
 */
final class Vfs {
    static final int MAX_SYMLINKS = 40;
    static final int PATH_MAX = 4096;
    static final int NAME_MAX = 255;

    /** An inode of a mounted file system. */
    record Node(MountTable.Mount mount, long ino) {
        FsBackend fs() { return mount.fs(); }
    }

    /** The directory a path's last component is in, and that component ("" for "/"). */
    record Parent(Node dir, String name) {
        boolean special() { return name.isEmpty() || name.equals(".") || name.equals(".."); }
    }

    final MountTable mounts;

    Vfs(MountTable mounts) {
        this.mounts = mounts;
    }

    // ---------------------------------------------------------------- resolution

    /** The node {@code path} names; a symbolic link at the end is followed when {@code follow}. */
    FsResult<Node> resolve(String path, boolean follow) {
        FsError bad = checkPath(path);
        if (bad != null) return FsResult.error(bad);
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        return walk(mounts.rootNode(), todo, follow, new int[1]);
    }

    /** The parent directory of {@code path}'s last component (symlinks before it followed). */
    FsResult<Parent> parent(String path) {
        FsError bad = checkPath(path);
        if (bad != null) return FsResult.error(bad);
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        int slash = p.lastIndexOf('/');
        String name = p.substring(slash + 1);
        if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) return FsResult.error(FsError.ENAMETOOLONG);
        Deque<String> todo = new ArrayDeque<>();
        push(todo, p.substring(0, slash + 1));
        return walk(mounts.rootNode(), todo, true, new int[1]).then(d -> isDir(d) ? FsResult.ok(new Parent(d, name)) : FsResult.error(FsError.ENOTDIR));
    }

    private static FsError checkPath(String path) {
        if (!path.startsWith("/") || path.indexOf('\0') >= 0) return FsError.EINVAL;
        return path.getBytes(StandardCharsets.UTF_8).length >= PATH_MAX ? FsError.ENAMETOOLONG : null;
    }

    /** Pushes {@code path}'s components in front of {@code todo}, in order. */
    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/", -1);
        for (int i = parts.length - 1; i >= 0; i--) todo.addFirst(parts[i]);
    }

    private FsResult<Node> walk(Node cur, Deque<String> todo, boolean follow, int[] links) {
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (!isDir(cur)) return FsResult.error(exists(cur) ? FsError.ENOTDIR : FsError.ENOENT);
            if (name.isEmpty() || name.equals(".")) continue;
            if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) return FsResult.error(FsError.ENAMETOOLONG);
            Node next;
            if (name.equals("..")) {
                FsResult<Node> up = up(cur);
                if (!up.ok()) return up;
                next = up.value();
            } else {
                FsResult<Long> ino = cur.fs().lookup(cur.ino(), name);
                if (!ino.ok()) return ino.cast();
                next = mounts.crossDown(new Node(cur.mount(), ino.value()));
            }
            if (follow || !todo.isEmpty()) {
                FsResult<FileStat> st = next.fs().getattr(next.ino());
                if (!st.ok()) return st.cast();
                if (st.value().kind() == FileKind.SYMLINK) {
                    if (++links[0] > MAX_SYMLINKS) return FsResult.error(FsError.ELOOP);
                    FsResult<String> target = next.fs().readlink(next.ino());
                    if (!target.ok()) return target.cast();
                    if (target.value().isEmpty()) return FsResult.error(FsError.ENOENT);
                    push(todo, target.value());
                    if (target.value().startsWith("/")) cur = mounts.rootNode();
                    continue;
                }
            }
            cur = next;
        }
        return FsResult.ok(cur);
    }

    /** ".." of a directory: the mount point's parent at the root of a mounted file system, "/" at the top. */
    private FsResult<Node> up(Node dir) {
        Node d = dir;
        while (d.ino() == d.fs().root() && d.mount().covered() != null) d = d.mount().covered();
        if (d.ino() == d.fs().root()) return FsResult.ok(d);
        MountTable.Mount m = d.mount();
        return d.fs().lookup(d.ino(), "..").map(ino -> new Node(m, ino));
    }

    FsResult<FileStat> stat(Node n) { return n.fs().getattr(n.ino()); }

    private boolean isDir(Node n) {
        FsResult<FileStat> s = stat(n);
        return s.ok() && s.value().isDirectory();
    }

    private boolean exists(Node n) { return stat(n).ok(); }

    private static FsError writable(Node n) { return n.mount().readOnly() ? FsError.EROFS : null; }

    // ---------------------------------------------------------------- operations

    /** OPEN: the node to hold open, after creating or truncating it as {@code flags} say. */
    FsResult<Node> open(String path, int flags, int mode, int uid, int gid) {
        FsResult<Node> r = (flags & O_CREATE) != 0 ? openCreate(path, flags, mode, uid, gid) : resolve(path, true);
        if (!r.ok()) return r;
        Node n = r.value();
        FsResult<FileStat> st = stat(n);
        if (!st.ok()) return st.cast();
        boolean dir = st.value().isDirectory(), write = (flags & (O_WRITE | O_TRUNC | O_APPEND)) != 0;
        if ((flags & O_DIRECTORY) != 0 && !dir) return FsResult.error(FsError.ENOTDIR);
        if (dir && write) return FsResult.error(FsError.EISDIR);
        if (write && writable(n) != null) return FsResult.error(FsError.EROFS);
        if ((flags & O_TRUNC) != 0 && st.value().isRegularFile() && st.value().size() > 0) {
            FsResult<Void> t = n.fs().truncate(n.ino(), 0);
            if (!t.ok()) return t.cast();
        }
        return r;
    }

    private FsResult<Node> openCreate(String path, int flags, int mode, int uid, int gid) {
        FsResult<Parent> p = parent(path);
        if (!p.ok()) return p.cast();
        Parent at = p.value();
        if (at.special() || path.endsWith("/")) return (flags & O_EXCL) != 0 ? FsResult.error(FsError.EEXIST) : FsResult.error(FsError.EISDIR);
        FsResult<Long> found = at.dir().fs().lookup(at.dir().ino(), at.name());
        if (found.ok()) {
            if ((flags & O_EXCL) != 0) return FsResult.error(FsError.EEXIST);
            return resolve(path, true);
        }
        if (found.error() != FsError.ENOENT) return found.cast();
        FsError ro = writable(at.dir());
        if (ro != null) return FsResult.error(ro);
        return at.dir().fs().create(at.dir().ino(), at.name(), mode, uid, gid).map(ino -> new Node(at.dir().mount(), ino));
    }

    /** READ through a descriptor's node. */
    FsResult<Integer> read(Node n, long offset, MemorySegment into) { return n.fs().read(n.ino(), offset, into); }

    /** WRITE through a descriptor's node; at the end of the file when {@code flags} has O_APPEND. */
    FsResult<Integer> write(Node n, int flags, long offset, MemorySegment from) {
        FsError ro = writable(n);
        if (ro != null) return FsResult.error(ro);
        long at = offset;
        if ((flags & O_APPEND) != 0) {
            FsResult<FileStat> st = stat(n);
            if (!st.ok()) return st.cast();
            at = st.value().size();
        }
        return n.fs().write(n.ino(), at, from);
    }

    FsResult<Void> truncate(Node n, long size) {
        FsError ro = writable(n);
        return ro != null ? FsResult.error(ro) : n.fs().truncate(n.ino(), size);
    }

    FsResult<Void> mkdir(String path, int mode, int uid, int gid) {
        return change(path, FsError.EEXIST, at -> at.dir().fs().mkdir(at.dir().ino(), at.name(), mode, uid, gid).map(i -> null));
    }

    FsResult<Void> symlink(String target, String path, int uid, int gid) {
        return change(path, FsError.EEXIST, at -> at.dir().fs().symlink(at.dir().ino(), at.name(), target, uid, gid).map(i -> null));
    }

    FsResult<Void> unlink(String path) {
        return change(path, FsError.EISDIR, at -> at.dir().fs().unlink(at.dir().ino(), at.name()));
    }

    FsResult<Void> rmdir(String path) {
        return change(path, FsError.EBUSY, at -> {
            FsResult<Long> ino = at.dir().fs().lookup(at.dir().ino(), at.name());
            if (ino.ok() && mounts.isMountPoint(new Node(at.dir().mount(), ino.value()))) return FsResult.error(FsError.EBUSY);
            return at.dir().fs().rmdir(at.dir().ino(), at.name());
        });
    }

    /** A change to the parent directory of {@code path}: resolved, checked writable, "/" "." ".." refused. */
    private FsResult<Void> change(String path, FsError special, java.util.function.Function<Parent, FsResult<Void>> op) {
        FsResult<Parent> p = parent(path);
        if (!p.ok()) return p.cast();
        if (p.value().special()) return FsResult.error(p.value().name().equals(".") && special == FsError.EBUSY ? FsError.EINVAL : special);
        FsError ro = writable(p.value().dir());
        return ro != null ? FsResult.error(ro) : op.apply(p.value());
    }

    FsResult<Void> rename(String from, String to) {
        FsResult<Parent> f = parent(from), t = parent(to);
        if (!f.ok()) return f.cast();
        if (!t.ok()) return t.cast();
        Parent a = f.value(), b = t.value();
        if (a.special() || b.special()) return FsResult.error(a.name().isEmpty() || b.name().isEmpty() ? FsError.EBUSY : FsError.EINVAL);
        if (a.dir().mount() != b.dir().mount()) return FsResult.error(FsError.EXDEV);
        FsError ro = writable(a.dir());
        if (ro != null) return FsResult.error(ro);
        for (Parent x : List.of(a, b)) {
            FsResult<Long> ino = x.dir().fs().lookup(x.dir().ino(), x.name());
            if (ino.ok() && mounts.isMountPoint(new Node(x.dir().mount(), ino.value()))) return FsResult.error(FsError.EBUSY);
        }
        return a.dir().fs().rename(a.dir().ino(), a.name(), b.dir().ino(), b.name());
    }

    FsResult<DirPage> readdir(Node dir, long cookie, int max) { return dir.fs().readdir(dir.ino(), cookie, max); }

    FsResult<String> readlink(String path) {
        return resolve(path, false).then(n -> n.fs().readlink(n.ino()));
    }

    /** CHMOD, CHOWN, UTIMES: the given attributes of what {@code path} names (symlinks followed). */
    FsResult<Void> setattr(String path, Integer mode, Integer uid, Integer gid, Long atime, Long mtime) {
        return resolve(path, true).then(n -> {
            FsError ro = writable(n);
            return ro != null ? FsResult.error(ro) : n.fs().setattr(n.ino(), mode, uid, gid, atime, mtime);
        });
    }

    FsResult<FsStats> statfs(String path) { return resolve(path, true).then(n -> n.fs().statfs()); }

    FsResult<Void> fsync(Node n) { return n.fs().fsync(n.ino()); }

    /** MOUNT: {@code path} must name a directory. */
    FsResult<Void> mount(String source, String type, String path, boolean readOnly) {
        FsResult<Node> at = resolve(path, true);
        if (!at.ok()) return at.cast();
        if (!isDir(at.value())) return FsResult.error(FsError.ENOTDIR);
        return mounts.mount(source, type, canonical(path), readOnly, at.value());
    }

    FsResult<Void> umount(String path) { return resolve(path, true).then(mounts::umount); }

    List<MountInfo> mountList() { return mounts.list(); }

    /** A path as the mount table shows it: no "//", no trailing "/". */
    private static String canonical(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
