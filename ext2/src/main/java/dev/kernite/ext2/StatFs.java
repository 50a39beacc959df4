package dev.kernite.ext2;

/** File-system totals, as statfs(2) gives them. Thread safety: immutable. */
public record StatFs(int blockSize, long blocks, long freeBlocks, long availableBlocks, long inodes, long freeInodes,
                     int nameMax, String label) {}
