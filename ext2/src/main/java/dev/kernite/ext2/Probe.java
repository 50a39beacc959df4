package dev.kernite.ext2;

/** What a store holds. Thread safety: immutable. */
public enum Probe {
    /** An ext2-family superblock (ext2, ext3 or ext4: mount decides whether it can use it). */
    EXT2,
    /** The first 64 KiB are all zero. */
    BLANK,
    /** Something else. */
    OTHER
}
