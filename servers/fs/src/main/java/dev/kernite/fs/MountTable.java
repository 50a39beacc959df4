package dev.kernite.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.fs.MountInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mount table: "/" and every file system mounted on a directory of another. A mounted file system covers the
 * directory it is mounted on ({@link #crossDown}); a mount point is busy (rmdir, rename: EBUSY), and so is a
 * file system with open files or mounts on it (umount: EBUSY). A block-backed source is mounted at most once.
 *
 * <p>Thread safety: not thread-safe; owned by the {@link Vfs}'s thread.
 */
final class MountTable {
    /** Opens a file system: {@code source} of {@code type}; EINVAL/ENOTSUP for an unknown type. */
    @FunctionalInterface
    interface Opener {
        FsResult<FsBackend> open(String source, String type, boolean readOnly);
    }

    /** One mounted file system. Identity matters (two tmpfs mounts are different mounts), so not a record. */
    static final class Mount {
        private final String source, type, path;
        private final boolean readOnly;
        private final FsBackend fs;
        private final Vfs.Node covered;
        private int opens;

        Mount(String source, String type, String path, boolean readOnly, FsBackend fs, Vfs.Node covered) {
            this.source = source;
            this.type = type;
            this.path = path;
            this.readOnly = readOnly || fs.readOnly();
            this.fs = fs;
            this.covered = covered;
        }

        FsBackend fs() { return fs; }

        boolean readOnly() { return readOnly; }

        /** The directory this mount covers; null for "/". */
        Vfs.Node covered() { return covered; }

        String path() { return path; }

        MountInfo info() { return new MountInfo(source, type, path, readOnly); }

        @Override
        public String toString() { return type + " " + source + " on " + path; }
    }

    private final Opener opener;
    private final List<Mount> mounts = new ArrayList<>();        // in mount order; [0] is "/"
    private final Map<Vfs.Node, Mount> coveredBy = new HashMap<>();

    MountTable(Opener opener) {
        this.opener = opener;
    }

    /** Mounts the root file system (once, before anything else). */
    void mountRoot(String source, String type, boolean readOnly, FsBackend fs) {
        if (!mounts.isEmpty()) throw new IllegalStateException("root already mounted");
        mounts.add(new Mount(source, type, "/", readOnly, fs, null));
    }

    Vfs.Node rootNode() {
        Mount root = mounts.getFirst();
        return crossDown(new Vfs.Node(root, root.fs.root()));
    }

    /** What is seen at {@code n}: the root of what is mounted on it (repeatedly), or {@code n}. */
    Vfs.Node crossDown(Vfs.Node n) {
        Vfs.Node at = n;
        for (Mount m = coveredBy.get(at); m != null; m = coveredBy.get(at)) at = new Vfs.Node(m, m.fs.root());
        return at;
    }

    boolean isMountPoint(Vfs.Node n) { return coveredBy.containsKey(n); }

    FsResult<Void> mount(String source, String type, String path, boolean readOnly, Vfs.Node at) {
        if (!type.equals("tmpfs") && mounts.stream().anyMatch(m -> m.source.equals(source) && !m.type.equals("tmpfs"))) {
            return FsResult.error(FsError.EBUSY);
        }
        FsResult<FsBackend> fs = opener.open(source, type, readOnly);
        if (!fs.ok()) return fs.cast();
        Mount m = new Mount(source, type, path, readOnly, fs.value(), at);
        mounts.add(m);
        coveredBy.put(at, m);
        return FsResult.done();
    }

    /** Unmounts the file system whose root {@code at} is: synced and closed. */
    FsResult<Void> umount(Vfs.Node at) {
        Mount m = at.mount();
        if (at.ino() != m.fs.root()) return FsResult.error(FsError.EINVAL);
        if (m.covered == null) return FsResult.error(FsError.EBUSY);
        if (m.opens > 0 || coveredBy.keySet().stream().anyMatch(n -> n.mount() == m)) return FsResult.error(FsError.EBUSY);
        mounts.remove(m);
        coveredBy.remove(m.covered);
        m.fs.close();
        return FsResult.done();
    }

    /** An open file on {@code n}'s file system (which may then not be unmounted). */
    void retain(Vfs.Node n) {
        n.mount().opens++;
        n.fs().retain(n.ino());
    }

    void release(Vfs.Node n) {
        n.mount().opens--;
        n.fs().release(n.ino());
    }

    List<MountInfo> list() { return mounts.stream().map(Mount::info).toList(); }

    /** SYNC: every file system; the first error, after trying them all. */
    FsResult<Void> syncAll() {
        FsResult<Void> first = FsResult.done();
        for (Mount m : mounts) {
            FsResult<Void> r = m.fs.sync();
            if (!r.ok() && first.ok()) first = r;
        }
        return first;
    }

    /** At shutdown: closes every file system, the last mounted first. */
    void closeAll() {
        for (Mount m : mounts.reversed()) {
            try {
                m.fs.close();
            } catch (RuntimeException e) {
                System.err.println("fs: closing " + m + ": " + e);
            }
        }
        mounts.clear();
        coveredBy.clear();
    }
}
