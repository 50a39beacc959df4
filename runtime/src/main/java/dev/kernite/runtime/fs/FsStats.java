package dev.kernite.runtime.fs;

/**
 * What STATFS answers for the file system holding a path: sizes in blocks of {@code blockSize} bytes.
 *
 * <p>Thread safety: immutable.
 */
public record FsStats(int blockSize, long blocks, long freeBlocks, long availableBlocks, long inodes, long freeInodes,
                      int nameMax, String label) {}
