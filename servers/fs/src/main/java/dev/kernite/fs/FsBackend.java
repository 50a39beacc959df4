package dev.kernite.fs;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.fs.DirPage;
import dev.kernite.runtime.fs.FileStat;
import dev.kernite.runtime.fs.FsStats;
import java.lang.foreign.MemorySegment;

/**
 * One mounted file system as the VFS sees it: inodes by number, names within one directory (no paths, no mounts,
 * no symlink following — the VFS does those). The operations and their errors are those of the ext2 library's
 * {@code Ext2FileSystem}; {@link TmpFs} implements them in memory. Each checks its own arguments (a name with '/',
 * a non-empty directory, a rename of a directory into itself) and answers with an FsError.
 *
 * <p>Thread safety: implementations need not be thread-safe; the file server calls them from one thread at a time.
 */
interface FsBackend {
    long root();

    boolean readOnly();

    FsResult<Long> lookup(long dir, String name);

    FsResult<FileStat> getattr(long ino);

    /** Changes what is not null. */
    FsResult<Void> setattr(long ino, Integer mode, Integer uid, Integer gid, Long atime, Long mtime);

    FsResult<Long> create(long dir, String name, int mode, int uid, int gid);

    FsResult<Long> mkdir(long dir, String name, int mode, int uid, int gid);

    FsResult<Long> symlink(long dir, String name, String target, int uid, int gid);

    FsResult<Void> unlink(long dir, String name);

    FsResult<Void> rmdir(long dir, String name);

    FsResult<Void> rename(long fromDir, String fromName, long toDir, String toName);

    FsResult<Integer> read(long ino, long offset, MemorySegment into);

    FsResult<Integer> write(long ino, long offset, MemorySegment from);

    FsResult<Void> truncate(long ino, long size);

    /** Up to {@code max} entries from {@code cookie} (0: the start), "." and ".." included. */
    FsResult<DirPage> readdir(long dir, long cookie, int max);

    FsResult<String> readlink(long ino);

    /** An open reference: an unlinked inode lives until its last {@link #release}. */
    void retain(long ino);

    void release(long ino);

    FsResult<Void> fsync(long ino);

    FsResult<Void> sync();

    FsResult<FsStats> statfs();

    /** Writes everything back and lets go of the device; the backend is unusable after. */
    void close();
}
