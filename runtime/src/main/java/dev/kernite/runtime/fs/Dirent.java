package dev.kernite.runtime.fs;

/**
 * One directory entry: its name, inode number and kind.
 *
 * <p>Thread safety: immutable.
 */
public record Dirent(String name, long ino, FileKind kind) {}
