package dev.kernite.ext2;

import java.util.UUID;

/**
 * How {@link Ext2FileSystem#format} lays out a new file system.
 *
 * <p>Thread safety: immutable.
 *
 * @param blockSize     1024, 2048 or 4096
 * @param inodeSize     128 or 256 (a power of two, at most the block size)
 * @param bytesPerInode one inode for this many bytes of the device (mke2fs's -i)
 * @param label         the volume label, at most 16 bytes of UTF-8 (may be empty)
 * @param uuid          the file system's UUID
 */
public record FormatOptions(int blockSize, int inodeSize, long bytesPerInode, String label, UUID uuid) {
    /**
     * Kernite's choice: 4 KiB blocks from 8 MiB up (mke2fs takes 1 KiB below 512 MiB, but every block is one
     * request to the block driver, and 4 KiB blocks let the file system move four times as much per request and per
     * bitmap bit), 1 KiB on smaller devices; one inode per 8 KiB below 512 MiB, else per 16 KiB; 256-byte inodes;
     * a random UUID. Linux mounts and checks either.
     */
    public static FormatOptions defaults(long deviceBytes) {
        int bs = deviceBytes < 8L << 20 ? 1024 : 4096;
        long bpi = deviceBytes < 512L << 20 ? 8192 : 16384;
        return new FormatOptions(bs, 256, bpi, "", UUID.randomUUID());
    }
}
