package dev.kernite.runtime.fs;

/**
 * A file's attributes, as STAT, LSTAT and FSTAT answer them. Times are seconds since the epoch (what ext2 stores);
 * {@code mode} holds the permission bits (07777) only, the kind is {@link #kind}.
 *
 * <p>Thread safety: immutable.
 */
public record FileStat(long ino, FileKind kind, int mode, int uid, int gid, long size, int links, long blocks512,
                       long atime, long mtime, long ctime) {
    public boolean isDirectory() { return kind == FileKind.DIRECTORY; }

    public boolean isRegularFile() { return kind == FileKind.REGULAR; }

    public boolean isSymbolicLink() { return kind == FileKind.SYMLINK; }
}
