package dev.kernite.fs;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.ext2.Attr;
import dev.kernite.ext2.DirEntry;
import dev.kernite.ext2.Ext2FileSystem;
import dev.kernite.ext2.SetAttr;
import dev.kernite.ext2.StatFs;
import dev.kernite.runtime.fs.DirPage;
import dev.kernite.runtime.fs.Dirent;
import dev.kernite.runtime.fs.FileKind;
import dev.kernite.runtime.fs.FileStat;
import dev.kernite.runtime.fs.FsStats;
import java.lang.foreign.MemorySegment;

/**
 * An ext2 file system (the {@code kernite.ext2} library) as a {@link FsBackend}: the operations map one to one; only
 * the types change (the library's {@code Attr}, {@code DirPage}, {@code StatFs} to the protocol's). Closing it
 * closes the file system (written back, marked clean) and then its block store.
 *
 * <p>Thread safety: not thread-safe, as the library is not.
 */
final class Ext2Backend implements FsBackend {
    private final Ext2FileSystem fs;
    private final AutoCloseable store;

    Ext2Backend(Ext2FileSystem fs, AutoCloseable store) {
        this.fs = fs;
        this.store = store;
    }

    @Override public long root() { return Ext2FileSystem.ROOT; }

    @Override public boolean readOnly() { return fs.readOnly(); }

    @Override public FsResult<Long> lookup(long dir, String name) { return fs.lookup(dir, name); }

    @Override public FsResult<FileStat> getattr(long ino) { return fs.getattr(ino).map(Ext2Backend::stat); }

    private static FileStat stat(Attr a) {
        return new FileStat(a.ino(), kind(a.type()), a.mode(), a.uid(), a.gid(), a.size(), a.links(), a.blocks512(),
            a.atime(), a.mtime(), a.ctime());
    }

    private static FileKind kind(dev.kernite.ext2.FileType t) { return FileKind.valueOf(t.name()); }

    @Override
    public FsResult<Void> setattr(long ino, Integer mode, Integer uid, Integer gid, Long atime, Long mtime) {
        return fs.setattr(ino, new SetAttr(mode, uid, gid, atime, mtime));
    }

    @Override public FsResult<Long> create(long dir, String name, int mode, int uid, int gid) { return fs.create(dir, name, mode, uid, gid); }

    @Override public FsResult<Long> mkdir(long dir, String name, int mode, int uid, int gid) { return fs.mkdir(dir, name, mode, uid, gid); }

    @Override
    public FsResult<Long> symlink(long dir, String name, String target, int uid, int gid) { return fs.symlink(dir, name, target, uid, gid); }

    @Override public FsResult<Void> unlink(long dir, String name) { return fs.unlink(dir, name); }

    @Override public FsResult<Void> rmdir(long dir, String name) { return fs.rmdir(dir, name); }

    @Override
    public FsResult<Void> rename(long fromDir, String fromName, long toDir, String toName) { return fs.rename(fromDir, fromName, toDir, toName); }

    @Override public FsResult<Integer> read(long ino, long offset, MemorySegment into) { return fs.read(ino, offset, into); }

    @Override public FsResult<Integer> write(long ino, long offset, MemorySegment from) { return fs.write(ino, offset, from); }

    @Override public FsResult<Void> truncate(long ino, long size) { return fs.truncate(ino, size); }

    @Override
    public FsResult<DirPage> readdir(long dir, long cookie, int max) {
        return fs.readdir(dir, cookie, max).map(p -> new DirPage(
            p.entries().stream().map((DirEntry e) -> new Dirent(e.name(), e.ino(), kind(e.type()))).toList(), p.nextCookie(), p.end()));
    }

    @Override public FsResult<String> readlink(long ino) { return fs.readlink(ino); }

    @Override public void retain(long ino) { fs.retain(ino); }

    @Override public void release(long ino) { fs.release(ino); }

    @Override public FsResult<Void> fsync(long ino) { return fs.fsync(ino); }

    @Override public FsResult<Void> sync() { return fs.sync(); }

    @Override
    public FsResult<FsStats> statfs() {
        return fs.statfs().map((StatFs s) -> new FsStats(s.blockSize(), s.blocks(), s.freeBlocks(), s.availableBlocks(), s.inodes(),
            s.freeInodes(), s.nameMax(), s.label()));
    }

    @Override
    public void close() {
        fs.close();
        try {
            store.close();
        } catch (Exception e) {
            System.err.println("fs: closing the block store: " + e);
        }
    }
}
