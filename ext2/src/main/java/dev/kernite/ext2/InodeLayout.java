package dev.kernite.ext2;

/**
 * An on-disk inode: 128 bytes (revision 0) or {@code s_inode_size} bytes, of which ext2 uses the first 128 and
 * {@code extra_isize}.
 *
 * <pre>
 *   0 mode u16    2 uid u16 (low)   4 size u32 (low)   8 atime u32   12 ctime u32   16 mtime u32   20 dtime u32
 *  24 gid u16 (low)   26 links_count u16   28 blocks u32 (512-byte units, low)   32 flags u32   36 osd1 u32
 *  40 block[15] u32: [0..11] direct, [12] single indirect, [13] double indirect, [14] triple indirect
 * 100 generation u32  104 file_acl u32 (extended-attribute block)  108 size_high u32 (regular files)
 * 112 faddr u32   116 blocks_high u16   118 file_acl_high u16   120 uid_high u16   122 gid_high u16   124 csum u16
 * 128 extra_isize u16   130 checksum_hi u16   132 ctime_extra ... (large inodes only)
 * </pre>
 *
 * A fast symlink keeps its target (under 60 bytes) in {@code block[]} and owns no block. Thread safety: constants.
 */
final class InodeLayout {
    static final int MODE = 0, UID = 2, SIZE = 4, ATIME = 8, CTIME = 12, MTIME = 16, DTIME = 20, GID = 24,
        LINKS_COUNT = 26, BLOCKS = 28, FLAGS = 32, BLOCK = 40, GENERATION = 100, FILE_ACL = 104, SIZE_HIGH = 108,
        UID_HIGH = 120, GID_HIGH = 122, EXTRA_ISIZE = 128;
    static final int GOOD_OLD_SIZE = 128;
    /** The extra_isize mke2fs gives large inodes (struct ext2_inode_large minus 128). */
    static final int EXTRA_ISIZE_VALUE = 32;
    static final int N_BLOCKS = 15, N_DIRECT = 12;
    static final int FAST_SYMLINK_MAX = 59;

    static final int S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000, S_IFREG = 0x8000, S_IFBLK = 0x6000,
        S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;
    /** i_flags: an htree-indexed directory (we read it linearly and drop the index when we change it). */
    static final int INDEX_FL = 0x1000, EXTENTS_FL = 0x80000, INLINE_DATA_FL = 0x10000000;

    private InodeLayout() {}

    static FileType type(int mode) {
        return switch (mode & S_IFMT) {
            case S_IFREG -> FileType.REGULAR;
            case S_IFDIR -> FileType.DIRECTORY;
            case S_IFLNK -> FileType.SYMLINK;
            case S_IFCHR -> FileType.CHAR_DEVICE;
            case S_IFBLK -> FileType.BLOCK_DEVICE;
            case S_IFIFO -> FileType.FIFO;
            case S_IFSOCK -> FileType.SOCKET;
            default -> null;
        };
    }

    static int format(FileType t) {
        return switch (t) {
            case REGULAR -> S_IFREG;
            case DIRECTORY -> S_IFDIR;
            case SYMLINK -> S_IFLNK;
            case CHAR_DEVICE -> S_IFCHR;
            case BLOCK_DEVICE -> S_IFBLK;
            case FIFO -> S_IFIFO;
            case SOCKET -> S_IFSOCK;
        };
    }

    /** The directory-entry file_type code (filetype feature). */
    static int direntType(FileType t) {
        return switch (t) {
            case REGULAR -> 1;
            case DIRECTORY -> 2;
            case CHAR_DEVICE -> 3;
            case BLOCK_DEVICE -> 4;
            case FIFO -> 5;
            case SOCKET -> 6;
            case SYMLINK -> 7;
        };
    }

    static FileType fromDirentType(int code) {
        return switch (code) {
            case 1 -> FileType.REGULAR;
            case 2 -> FileType.DIRECTORY;
            case 3 -> FileType.CHAR_DEVICE;
            case 4 -> FileType.BLOCK_DEVICE;
            case 5 -> FileType.FIFO;
            case 6 -> FileType.SOCKET;
            case 7 -> FileType.SYMLINK;
            default -> null;
        };
    }
}
