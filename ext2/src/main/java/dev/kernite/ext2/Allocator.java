package dev.kernite.ext2;


import dev.kernite.abi.fs.FsError;

/**
 * Block and inode allocation through the group bitmaps. The bitmaps are the truth; the free counts in the group
 * descriptors and the superblock move with every bit. Blocks are taken at or after a goal (the block after the
 * previous one of the same file), inodes in the parent's group for files and in the emptiest group for
 * directories — as ext2 does to keep files near their directories and spread directories out.
 *
 * <p>Thread safety: not thread-safe; owned by one {@link Ext2FileSystem}.
 */
final class Allocator {
    private final Volume vol;
    private final Geometry geo;

    Allocator(Volume vol) {
        this.vol = vol;
        this.geo = vol.geo;
    }

    /** A free block at or after {@code goal} (any block when none is free there); ENOSPC when the disk is full. */
    long allocBlock(long goal) {
        if (goal <= geo.firstDataBlock() || goal >= geo.blocksCount()) goal = geo.firstDataBlock() + 1;
        long g0 = geo.groupOfBlock(goal);
        for (long i = 0; i <= geo.groups(); i++) {
            long g = (g0 + i) % geo.groups();
            if (i > 0 && vol.groupField(g, GroupDescriptorLayout.FREE_BLOCKS_COUNT) == 0) continue;
            int from = i == 0 ? (int) (goal - geo.groupStart(g)) : 0;
            int bit = takeBit(vol.checkBlock(vol.blockBitmap(g), "a block bitmap"), from, (int) geo.blocksInGroup(g));
            if (bit < 0 && i == 0 && from > 0) bit = takeBit(vol.blockBitmap(g), 0, from);
            if (bit < 0) continue;
            vol.addGroupField(g, GroupDescriptorLayout.FREE_BLOCKS_COUNT, -1);
            vol.addSuperField(SuperblockLayout.FREE_BLOCKS_COUNT, -1);
            return geo.groupStart(g) + bit;
        }
        throw new Ext2Exception(FsError.ENOSPC, "no free block");
    }

    void freeBlock(long b) {
        vol.checkBlock(b, "a block being freed");
        long g = geo.groupOfBlock(b);
        clearBit(vol.blockBitmap(g), (int) (b - geo.groupStart(g)), "block ", b);
        vol.cache.forget(b);
        vol.addGroupField(g, GroupDescriptorLayout.FREE_BLOCKS_COUNT, 1);
        vol.addSuperField(SuperblockLayout.FREE_BLOCKS_COUNT, 1);
    }

    /** A free inode number; ENOSPC when none is left. */
    long allocInode(long parent, boolean dir) {
        long g0 = dir ? emptiestGroup() : geo.groupOfInode(parent);
        for (long i = 0; i < geo.groups(); i++) {
            long g = (g0 + i) % geo.groups();
            if (vol.groupField(g, GroupDescriptorLayout.FREE_INODES_COUNT) == 0) continue;
            int from = g == 0 ? (int) geo.firstIno() - 1 : 0;
            int bit = takeBit(vol.checkBlock(vol.inodeBitmap(g), "an inode bitmap"), from, (int) geo.inodesPerGroup());
            if (bit < 0) continue;
            vol.addGroupField(g, GroupDescriptorLayout.FREE_INODES_COUNT, -1);
            vol.addSuperField(SuperblockLayout.FREE_INODES_COUNT, -1);
            if (dir) vol.addGroupField(g, GroupDescriptorLayout.USED_DIRS_COUNT, 1);
            return g * geo.inodesPerGroup() + bit + 1;
        }
        throw new Ext2Exception(FsError.ENOSPC, "no free inode");
    }

    void freeInode(long ino, boolean dir) {
        long g = geo.groupOfInode(ino);
        clearBit(vol.inodeBitmap(g), (int) ((ino - 1) % geo.inodesPerGroup()), "inode ", ino);
        vol.addGroupField(g, GroupDescriptorLayout.FREE_INODES_COUNT, 1);
        vol.addSuperField(SuperblockLayout.FREE_INODES_COUNT, 1);
        if (dir) vol.addGroupField(g, GroupDescriptorLayout.USED_DIRS_COUNT, -1);
    }

    private long emptiestGroup() {
        long best = 0;
        int bestFree = -1;
        for (long g = 0; g < geo.groups(); g++) {
            int free = vol.groupField(g, GroupDescriptorLayout.FREE_INODES_COUNT);
            if (free > bestFree) {
                best = g;
                bestFree = free;
            }
        }
        return best;
    }

    /** Sets the first clear bit in [from, to) of the bitmap block and returns its index, or -1. */
    private int takeBit(long bitmapBlock, int from, int to) {
        byte[] map = vol.cache.read(bitmapBlock);
        int limit = Math.min(to, map.length * 8);
        for (int i = from; i < limit; i++) {
            if ((i & 7) == 0 && map[i >>> 3] == (byte) 0xFF) {
                i += 7;
                continue;
            }
            if ((map[i >>> 3] & 1 << (i & 7)) == 0) {
                vol.cache.modify(bitmapBlock)[i >>> 3] |= (byte) (1 << (i & 7));
                return i;
            }
        }
        return -1;
    }

    /** Clears the bit of {@code kind} ("block ", "inode ") {@code number}; the message is made only for a corrupt bitmap. */
    private void clearBit(long bitmapBlock, int bit, String kind, long number) {
        vol.checkBlock(bitmapBlock, "a bitmap");
        byte[] map = vol.cache.modify(bitmapBlock);
        if ((map[bit >>> 3] & 1 << (bit & 7)) == 0) throw Ext2Exception.corrupt(kind + number + " is freed but is already free");
        map[bit >>> 3] &= (byte) ~(1 << (bit & 7));
    }
}
