package dev.kernite.shell.sys;

import dev.kernite.abi.fs.FsResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What the shell's file commands ask of the file system: an interface so the commands can be tested against an
 * in-memory fake; the real one speaks to the file server. Paths are absolute (the shell resolves them against its
 * working directory first). Errors are {@link dev.kernite.abi.fs.FsError} values; a stream that fails midway
 * throws an {@link java.io.IOException} whose message names the error.
 *
 * <p>Thread safety: used by the shell's one thread; implementations need not be thread-safe.
 */
public interface FileAccess {
    enum Type { FILE, DIRECTORY, SYMLINK, OTHER }

    /**
     * A file's attributes, as {@code stat} reports them.
     *
     * @param name       the last component of the path it was found by
     * @param mode       permission bits (07777)
     * @param linkTarget what a symbolic link points to (null for anything else)
     */
    record Info(String name, Type type, int mode, int links, int uid, int gid, long size, long blocks512, long ino,
                long atime, long mtime, long ctime, String linkTarget) { }

    /** A directory entry as the directory itself records it: a name and a type, nothing to look up. */
    record Entry(String name, Type type) { }

    /** A mounted file system: what, of which type, where, and whether writes are refused. */
    record Mount(String source, String type, String path, boolean readOnly) { }

    /** Space on the file system holding a path: blocks of {@code blockSize} bytes, and inodes. */
    record Space(int blockSize, long blocks, long freeBlocks, long availableBlocks, long inodes, long freeInodes) { }

    /** Attributes, following a final symbolic link. */
    FsResult<Info> stat(String path);

    /** Attributes of the path itself (a symbolic link is reported as one, with its target). */
    FsResult<Info> lstat(String path);

    /**
     * A directory's entries without "." and "..", in the directory's order, from the directory alone: no request
     * per entry (for names, completion and tree walks that need only the types).
     */
    FsResult<List<Entry>> entries(String dir);

    /** As {@link #entries}, each entry with everything {@link #lstat} reports about it. */
    FsResult<List<Info>> list(String dir);

    /** The file's bytes from the start. */
    FsResult<InputStream> openRead(String path);

    /** Writes to the file, created (mode 0644) when missing, truncated first unless {@code append}. */
    FsResult<OutputStream> openWrite(String path, boolean append);

    FsResult<Void> mkdir(String path, int mode);

    FsResult<Void> rmdir(String path);

    FsResult<Void> unlink(String path);

    /** POSIX rename: replaces a file or an empty directory at {@code to}. */
    FsResult<Void> rename(String from, String to);

    FsResult<Void> chmod(String path, int mode);

    /** Creates an empty file (mode 0644) when missing, else sets its access and modification times to now. */
    FsResult<Void> touch(String path);

    FsResult<List<Mount>> mounts();

    FsResult<Void> mount(String source, String type, String path, boolean readOnly);

    FsResult<Void> umount(String path);

    FsResult<Space> statfs(String path);

    /** Writes every cached change to its disk. */
    FsResult<Void> sync();

    /**
     * Why the file system cannot be reached at all (the file server is not running, say), for error lines; null
     * while it can. Operations then fail with EIO.
     */
    default String problem() { return null; }
}
