package dev.kernite.ext2;

/**
 * An inode's attributes. Times are seconds since the epoch; {@code mode} is the permission bits (07777).
 * Thread safety: immutable.
 */
public record Attr(long ino, FileType type, int mode, int uid, int gid, long size, int links, long blocks512,
                   long atime, long mtime, long ctime) {}
