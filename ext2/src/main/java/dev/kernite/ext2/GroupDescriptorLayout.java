package dev.kernite.ext2;

/**
 * One block-group descriptor (32 bytes; the table follows the superblock's block, in group 0 and in every group that
 * holds a superblock backup).
 *
 * <pre>
 *  0 block_bitmap u32   4 inode_bitmap u32   8 inode_table u32
 * 12 free_blocks_count u16   14 free_inodes_count u16   16 used_dirs_count u16   18 flags u16
 * 20 reserved (12 bytes, ext4 checksums and bitmap checksums; zero here) ... 31
 * </pre>
 *
 * A group is laid out as: [superblock backup, descriptor table copy, reserved GDT blocks — only in groups that
 * have a backup] block bitmap, inode bitmap, inode table, data blocks. Thread safety: constants only.
 */
final class GroupDescriptorLayout {
    static final int SIZE = 32;
    static final int BLOCK_BITMAP = 0, INODE_BITMAP = 4, INODE_TABLE = 8, FREE_BLOCKS_COUNT = 12,
        FREE_INODES_COUNT = 14, USED_DIRS_COUNT = 16, FLAGS = 18;

    private GroupDescriptorLayout() {}
}
