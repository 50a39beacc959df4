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
    /** As mke2fs would choose: 1 KiB blocks below 512 MiB, else 4 KiB; 256-byte inodes; a random UUID. */
    public static FormatOptions defaults(long deviceBytes) {
        int bs = deviceBytes < 512L << 20 ? 1024 : 4096;
        long bpi = deviceBytes < 512L << 20 ? 8192 : 16384;
        return new FormatOptions(bs, 256, bpi, "", UUID.randomUUID());
    }
}
