package dev.kernite.ext2;

/** One directory entry. Thread safety: immutable. */
public record DirEntry(String name, long ino, FileType type) {}
