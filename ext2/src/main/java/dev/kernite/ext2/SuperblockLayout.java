package dev.kernite.ext2;

/**
 * The ext2 superblock: 1024 bytes at byte 1024 of the device, copied (with its own {@code block_group_nr}) at the
 * start of groups 1 and powers of 3, 5 and 7 when the sparse_super feature is on. All fields little-endian.
 *
 * <pre>
 *   0 inodes_count u32       4 blocks_count u32        8 r_blocks_count u32     12 free_blocks_count u32
 *  16 free_inodes_count u32 20 first_data_block u32   24 log_block_size u32    28 log_frag_size u32
 *  32 blocks_per_group u32  36 frags_per_group u32    40 inodes_per_group u32  44 mtime u32
 *  48 wtime u32             52 mnt_count u16          54 max_mnt_count s16     56 magic u16 (0xEF53)
 *  58 state u16 (1 clean, 2 errors)  60 errors u16    62 minor_rev_level u16   64 lastcheck u32
 *  68 checkinterval u32     72 creator_os u32         76 rev_level u32         80 def_resuid u16  82 def_resgid u16
 *  -- revision 1 (dynamic) --
 *  84 first_ino u32         88 inode_size u16         90 block_group_nr u16    92 feature_compat u32
 *  96 feature_incompat u32 100 feature_ro_compat u32 104 uuid[16]            120 volume_name[16]
 * 136 last_mounted[64]     200 algorithm_usage_bitmap u32  204 prealloc_blocks u8  205 prealloc_dir_blocks u8
 * 206 reserved_gdt_blocks u16  208 journal_uuid[16]   224 journal_inum u32    228 journal_dev u32
 * 232 last_orphan u32      236 hash_seed[4] u32       252 def_hash_version u8  254 desc_size u16
 * 256 default_mount_opts u32  260 first_meta_bg u32   264 mkfs_time u32       268 jnl_blocks[17] u32
 * 348 min_extra_isize u16  350 want_extra_isize u16   ... (ext4 fields, unused here) ... 1023
 * </pre>
 *
 * Thread safety: constants only.
 */
final class SuperblockLayout {
    static final int OFFSET = 1024;
    static final int SIZE = 1024;
    static final int MAGIC_VALUE = 0xEF53;

    static final int INODES_COUNT = 0, BLOCKS_COUNT = 4, R_BLOCKS_COUNT = 8, FREE_BLOCKS_COUNT = 12,
        FREE_INODES_COUNT = 16, FIRST_DATA_BLOCK = 20, LOG_BLOCK_SIZE = 24, LOG_FRAG_SIZE = 28,
        BLOCKS_PER_GROUP = 32, FRAGS_PER_GROUP = 36, INODES_PER_GROUP = 40, MTIME = 44, WTIME = 48,
        MNT_COUNT = 52, MAX_MNT_COUNT = 54, MAGIC = 56, STATE = 58, ERRORS = 60, MINOR_REV_LEVEL = 62,
        LASTCHECK = 64, CHECKINTERVAL = 68, CREATOR_OS = 72, REV_LEVEL = 76, DEF_RESUID = 80, DEF_RESGID = 82,
        FIRST_INO = 84, INODE_SIZE = 88, BLOCK_GROUP_NR = 90, FEATURE_COMPAT = 92, FEATURE_INCOMPAT = 96,
        FEATURE_RO_COMPAT = 100, FS_UUID = 104, VOLUME_NAME = 120, LAST_MOUNTED = 136, RESERVED_GDT_BLOCKS = 206,
        MKFS_TIME = 264, MIN_EXTRA_ISIZE = 348, WANT_EXTRA_ISIZE = 350;

    /** s_state bits. */
    static final int STATE_VALID = 1, STATE_ERROR = 2;

    static final int COMPAT_DIR_PREALLOC = 0x1, COMPAT_IMAGIC_INODES = 0x2, COMPAT_HAS_JOURNAL = 0x4,
        COMPAT_EXT_ATTR = 0x8, COMPAT_RESIZE_INODE = 0x10, COMPAT_DIR_INDEX = 0x20;
    static final int INCOMPAT_FILETYPE = 0x2, INCOMPAT_RECOVER = 0x4;
    static final int RO_COMPAT_SPARSE_SUPER = 0x1, RO_COMPAT_LARGE_FILE = 0x2;

    private SuperblockLayout() {}

    /** Whether group {@code g} holds a superblock backup and descriptor table copy (sparse_super). */
    static boolean hasSuperblock(long g, boolean sparse) {
        if (!sparse || g <= 1) return true;
        return isPowerOf(g, 3) || isPowerOf(g, 5) || isPowerOf(g, 7);
    }

    private static boolean isPowerOf(long g, int base) {
        long p = base;
        while (p < g) p *= base;
        return p == g;
    }
}
