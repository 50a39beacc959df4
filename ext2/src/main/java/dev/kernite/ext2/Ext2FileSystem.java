package dev.kernite.ext2;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An ext2 file system on a {@link BlockStore}: mkfs ({@link #format}), {@link #mount}, and the operations a file
 * server needs, addressed by inode number. Every expected failure — a missing name, no space, corrupt metadata (EUCLEAN),
 * a failing store (EIO), a read-only mount (EROFS) — is an {@link FsResult} error; no exception leaves for bad disk
 * content. Metadata and data go through a bounded write-back block cache; {@link #fsync}, {@link #sync} and
 * {@link #close} write it out. Access times are not updated on reads (as with Linux's noatime).
 *
 * <p>Thread safety: NOT thread-safe. One thread at a time (the file server's request thread); callers that share an
 * instance must serialise every call, including {@link #retain}/{@link #release}.
 */
public final class Ext2FileSystem implements AutoCloseable {
    public static final long ROOT = Namespace.ROOT;
    /** Default cache size in bytes (blocks kept in memory, dirty ones written back on eviction or sync). */
    public static final long DEFAULT_CACHE_BYTES = 4 << 20;
    private static final int MAX_WARNINGS = 32;

    private final Volume vol;
    private final Files files;
    private final Directory dirs;
    private final Namespace names;
    private final boolean readOnly;
    private final List<String> warnings;
    private boolean closed;

    private Ext2FileSystem(Volume vol, boolean readOnly, List<String> warnings) {
        this.vol = vol;
        Allocator alloc = new Allocator(vol);
        BlockMap map = new BlockMap(vol, alloc);
        this.files = new Files(vol, alloc, map);
        this.dirs = new Directory(vol, map);
        this.names = new Namespace(vol, map, files, dirs);
        this.readOnly = readOnly;
        this.warnings = new ArrayList<>(warnings);
    }

    /** What the store holds, from its first 64 KiB. */
    public static Probe probe(BlockStore store) throws IOException {
        return Mounter.probe(store);
    }

    /** mkfs: a fresh, empty ext2 file system over the whole store (EINVAL for bad options, ENOSPC if it is too small). */
    public static FsResult<Void> format(BlockStore store, FormatOptions options) {
        return Mkfs.format(store, options);
    }

    /** Mounts; a refusal's reasons are lost here — use {@link #mount(BlockStore, MountOptions, Consumer)} to see them. */
    public static FsResult<Ext2FileSystem> mount(BlockStore store, MountOptions options) {
        return mount(store, options, message -> {});
    }

    /**
     * Mounts, telling {@code refusal} why when it refuses (ENOTSUP for an unsupported incompatible feature, EUCLEAN for
     * a corrupt superblock or descriptor table, EINVAL when there is no ext2 file system, EIO when the store fails).
     */
    public static FsResult<Ext2FileSystem> mount(BlockStore store, MountOptions options, Consumer<String> refusal) {
        return mount(store, options, refusal, DEFAULT_CACHE_BYTES);
    }

    /**
     * As {@link #mount(BlockStore, MountOptions, Consumer)} with a cache of {@code cacheBytes} (at least 16 blocks): the
     * file system's page cache for metadata and file data, on the Java heap — the caller's heap must hold it.
     */
    public static FsResult<Ext2FileSystem> mount(BlockStore store, MountOptions options, Consumer<String> refusal, long cacheBytes) {
        FsResult<Mounter.Mounted> m = Mounter.mount(store, options, refusal, cacheBytes);
        return m.map(mounted -> new Ext2FileSystem(mounted.volume(), mounted.readOnly(), mounted.warnings()));
    }

    public boolean readOnly() { return readOnly; }

    /** Why the file system is read-only, that it was not cleanly unmounted, corruption found since: sentences to act on. */
    public List<String> warnings() { return Collections.unmodifiableList(warnings); }

    public FsResult<Long> lookup(long dir, String name) {
        if (".".equals(name)) return guard(() -> names.dir(dir).ino);
        return withName(name, n -> guard(() -> names.lookup(dir, n)));
    }

    public FsResult<Attr> getattr(long ino) { return guard(() -> names.inode(ino).attr()); }

    public FsResult<Void> setattr(long ino, SetAttr changes) {
        return mutate(() -> {
            Inode in = names.inode(ino);
            if (changes.mode() != null) in.mode((in.mode() & InodeLayout.S_IFMT) | (changes.mode() & 07777));
            if (changes.uid() != null) in.uid(changes.uid());
            if (changes.gid() != null) in.gid(changes.gid());
            if (changes.atime() != null) in.atime(changes.atime());
            if (changes.mtime() != null) in.mtime(changes.mtime());
            in.ctime(vol.now());
            vol.writeInode(in);
            return null;
        });
    }

    public FsResult<Long> create(long dir, String name, int mode, int uid, int gid) {
        return withTarget(name, n -> mutate(() -> names.create(dir, n, FileType.REGULAR, mode, uid, gid, null)));
    }

    public FsResult<Long> mkdir(long dir, String name, int mode, int uid, int gid) {
        return withTarget(name, n -> mutate(() -> names.create(dir, n, FileType.DIRECTORY, mode, uid, gid, null)));
    }

    /** A symlink: fast (in the inode) below 60 bytes, else in a block; ENAMETOOLONG past a block (or 4095 bytes). */
    public FsResult<Long> symlink(long dir, String name, String target, int uid, int gid) {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        if (t.length == 0) return FsResult.error(FsError.ENOENT);
        if (target.indexOf('\0') >= 0) return FsResult.error(FsError.EINVAL);
        if (t.length >= vol.blockSize()) return FsResult.error(FsError.ENAMETOOLONG);
        return withTarget(name, n -> mutate(() -> names.create(dir, n, FileType.SYMLINK, 0777, uid, gid, t)));
    }

    public FsResult<Void> link(long dir, String name, long ino) {
        return withTarget(name, n -> mutate(() -> { names.link(dir, n, ino); return null; }));
    }

    /** Removes a name that is not a directory (EISDIR for one); the inode goes with its last link and last release. */
    public FsResult<Void> unlink(long dir, String name) {
        return withTarget(name, n -> mutate(() -> { names.unlink(dir, n); return null; }));
    }

    public FsResult<Void> rmdir(long dir, String name) {
        if ("..".equals(name)) return FsResult.error(FsError.ENOTEMPTY);
        return withTarget(name, n -> mutate(() -> { names.rmdir(dir, n); return null; }));
    }

    /**
     * POSIX rename: replaces an existing file, or an empty directory, by retargeting its entry in place (the closest
     * to atomic that ext2 allows); EINVAL moving a directory into itself; fixes ".." of a moved directory.
     */
    public FsResult<Void> rename(long fromDir, String fromName, long toDir, String toName) {
        return withTarget(fromName, from -> withTarget(toName, to -> mutate(() -> {
            names.rename(fromDir, from, toDir, to);
            return null;
        })));
    }

    /** Bytes read into {@code into} from {@code offset}: 0 at the end of the file; holes read as zeros. */
    public FsResult<Integer> read(long ino, long offset, MemorySegment into) {
        if (offset < 0) return FsResult.error(FsError.EINVAL);
        return guard(() -> {
            Inode in = names.inode(ino);
            if (in.isDir()) throw new Ext2Exception(FsError.EISDIR, "is a directory");
            if (in.type() != FileType.REGULAR) throw new Ext2Exception(FsError.EINVAL, "not a regular file");
            return files.read(in, offset, into);
        });
    }

    /** Writes all of {@code from} at {@code offset}, or nothing (ENOSPC, EFBIG); past the end leaves a hole. */
    public FsResult<Integer> write(long ino, long offset, MemorySegment from) {
        if (offset < 0) return FsResult.error(FsError.EINVAL);
        return mutate(() -> {
            Inode in = regular(ino);
            files.write(in, offset, from);
            vol.writeModified(in);
            return (int) from.byteSize();
        });
    }

    /** Sets a regular file's size: shrinking frees blocks (indirect ones too), growing leaves a hole. */
    public FsResult<Void> truncate(long ino, long size) {
        if (size < 0) return FsResult.error(FsError.EINVAL);
        return mutate(() -> {
            Inode in = regular(ino);
            files.truncate(in, size);
            vol.writeModified(in);
            return null;
        });
    }

    /**
     * Up to {@code max} entries from {@code cookie} (0 = the start; "." and ".." included). Cookies are byte positions
     * in the directory, so they stay usable while entries come and go.
     */
    public FsResult<DirPage> readdir(long dir, long cookie, int max) {
        if (cookie < 0 || max <= 0) return FsResult.error(FsError.EINVAL);
        return guard(() -> Readdir.page(vol, dirs, names.dir(dir), cookie, max));
    }

    public FsResult<String> readlink(long ino) {
        return guard(() -> {
            Inode in = names.inode(ino);
            if (in.type() != FileType.SYMLINK) throw new Ext2Exception(FsError.EINVAL, "not a symlink");
            return files.readlink(in);
        });
    }

    /** An open reference: an inode whose last link goes is freed only at its last {@link #release}. */
    public void retain(long ino) {
        if (!closed) names.retain(ino);
    }

    public void release(long ino) {
        if (closed) return;
        FsResult<Void> r = guard(() -> { names.release(ino); return null; });
        if (!r.ok()) warn("freeing released inode " + ino + " failed: " + r.error().describe());
    }

    /** Writes everything out and flushes the store (so the file's data, inode and the entries naming it are durable). */
    public FsResult<Void> fsync(long ino) { return sync(); }

    public FsResult<Void> sync() {
        if (readOnly) return closed ? FsResult.error(FsError.EBADF) : FsResult.done();
        return guard(() -> { vol.sync(); return null; });
    }

    public FsResult<StatFs> statfs() {
        return guard(() -> {
            long free = vol.superField(SuperblockLayout.FREE_BLOCKS_COUNT);
            long reserved = vol.superField(SuperblockLayout.R_BLOCKS_COUNT);
            return new StatFs(vol.blockSize(), vol.geo.blocksCount(), free, Math.max(0, free - reserved), vol.geo.inodesCount(),
                vol.superField(SuperblockLayout.FREE_INODES_COUNT), 255, Mounter.label(vol.sb));
        });
    }

    /** Frees still-open unlinked inodes, writes everything, marks the file system clean, flushes. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        if (!readOnly) {
            FsResult<Void> r = guard(() -> {
                names.releaseAll();
                if (!errorsFound) vol.setState(SuperblockLayout.STATE_VALID);
                vol.sync();
                return null;
            });
            if (!r.ok()) warn("closing failed (" + r.error().describe() + "); the file system is not marked clean; run e2fsck");
        }
        closed = true;
    }

    /** Simulates a crash: forgets every unwritten block and stops, without writing anything. For tests. */
    void crash() {
        vol.cache.dropAll();
        vol.store.dropPending();
        closed = true;
    }

    Volume volume() { return vol; }

    private boolean errorsFound;

    private Inode regular(long ino) {
        Inode in = names.inode(ino);
        if (in.isDir()) throw new Ext2Exception(FsError.EISDIR, "is a directory");
        if (in.type() != FileType.REGULAR) throw new Ext2Exception(FsError.EINVAL, "not a regular file");
        return in;
    }


    private <T> FsResult<T> mutate(Supplier<T> op) {
        if (readOnly && !closed) return FsResult.error(FsError.EROFS);
        return guard(op);
    }

    private <T> FsResult<T> guard(Supplier<T> op) {
        if (closed) return FsResult.error(FsError.EBADF);
        try {
            return FsResult.ok(op.get());
        } catch (Ext2Exception e) {
            if (e.error() == FsError.EUCLEAN) corruption(e.getMessage());
            return FsResult.error(e.error());
        }
    }

    /** Records corruption: a warning, and (when writable) the superblock's error state so e2fsck will look. */
    private void corruption(String what) {
        warn("corrupt metadata: " + what + "; unmount and run e2fsck");
        if (!readOnly && !errorsFound) {
            errorsFound = true;
            vol.setState(SuperblockLayout.STATE_ERROR);
        }
    }

    private void warn(String message) {
        if (warnings.size() < MAX_WARNINGS) warnings.add(message);
    }

    private static <T> FsResult<T> withName(String name, java.util.function.Function<byte[], FsResult<T>> op) {
        if (name == null || name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) return FsResult.error(FsError.EINVAL);
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length > 255) return FsResult.error(FsError.ENAMETOOLONG);
        return op.apply(b);
    }

    /** A name that may be created or removed: not "." or "..". */
    private static <T> FsResult<T> withTarget(String name, java.util.function.Function<byte[], FsResult<T>> op) {
        return withName(name, b -> Namespace.isDots(b) ? FsResult.error(FsError.EINVAL) : op.apply(b));
    }
}
