package dev.kernite.ext2;

import static dev.kernite.ext2.SuperblockLayout.*;

/**
 * The shape of a file system, derived from its superblock: block size, group sizes, where the descriptor table is.
 * {@link #problem} says whether the numbers are sane before anything uses them.
 *
 * <p>Thread safety: immutable.
 */
record Geometry(int blockSize, long blocksCount, long firstDataBlock, long blocksPerGroup, long inodesPerGroup,
                int inodeSize, long groups, long gdtBlocks, long inodeTableBlocks, long inodesCount, long firstIno) {

    /** Reads the numbers as they are; {@link #problem} checks them. Values that would overflow are clamped to -1. */
    static Geometry of(byte[] sb) {
        long log = Bytes.u32(sb, LOG_BLOCK_SIZE);
        int bs = log <= 6 ? 1024 << log : -1;
        long blocks = Bytes.u32(sb, BLOCKS_COUNT);
        long first = Bytes.u32(sb, FIRST_DATA_BLOCK);
        long bpg = Bytes.u32(sb, BLOCKS_PER_GROUP);
        long ipg = Bytes.u32(sb, INODES_PER_GROUP);
        boolean dynamic = Bytes.u32(sb, REV_LEVEL) >= 1;
        int isz = dynamic ? Bytes.u16(sb, INODE_SIZE) : InodeLayout.GOOD_OLD_SIZE;
        long firstIno = dynamic ? Bytes.u32(sb, FIRST_INO) : 11;
        long groups = bpg > 0 && blocks > first ? (blocks - first + bpg - 1) / bpg : -1;
        long gdt = bs > 0 && groups > 0 ? (groups * GroupDescriptorLayout.SIZE + bs - 1) / bs : -1;
        long itb = bs > 0 ? (ipg * isz + bs - 1) / bs : -1;
        return new Geometry(bs, blocks, first, bpg, ipg, isz, groups, gdt, itb, Bytes.u32(sb, INODES_COUNT), firstIno);
    }

    /** Why these numbers cannot describe a file system on {@code storeBytes} bytes, or null when they can. */
    String problem(long storeBytes) {
        if (blockSize < 1024) return "the block size field is out of range";
        if (blockSize > 4096) return "block size " + blockSize + " is larger than the 4096 bytes this server supports";
        if (firstDataBlock != (blockSize == 1024 ? 1 : 0)) return "first data block " + firstDataBlock + " is wrong for " + blockSize + "-byte blocks";
        if (blocksPerGroup < 8 || blocksPerGroup > 8L * blockSize || blocksPerGroup % 8 != 0) return "blocks per group " + blocksPerGroup + " is out of range";
        if (inodesPerGroup < 8 || inodesPerGroup > 8L * blockSize || inodesPerGroup % 8 != 0) return "inodes per group " + inodesPerGroup + " is out of range";
        if (inodeSize < 128 || inodeSize > blockSize || Integer.bitCount(inodeSize) != 1) return "inode size " + inodeSize + " is invalid";
        if (groups <= 0 || blocksCount < 16) return "the block count " + blocksCount + " is too small";
        if (blocksCount > storeBytes / blockSize) return "the file system (" + blocksCount + " blocks of " + blockSize
            + ") is larger than the device (" + storeBytes + " bytes); the image may be truncated";
        if (inodesCount != groups * inodesPerGroup) return "inode count " + inodesCount + " is not groups × inodes per group";
        if (firstIno < 11 || firstIno >= inodesCount) return "first inode " + firstIno + " is out of range";
        if (1 + firstDataBlock + gdtBlocks >= blocksCount) return "the group descriptor table does not fit";
        return null;
    }

    int pointersPerBlock() { return blockSize / 4; }

    long groupStart(long g) { return firstDataBlock + g * blocksPerGroup; }

    /** Blocks in group g (the last one may be short). */
    long blocksInGroup(long g) { return Math.min(blocksPerGroup, blocksCount - groupStart(g)); }

    long groupOfBlock(long b) { return (b - firstDataBlock) / blocksPerGroup; }

    long groupOfInode(long ino) { return (ino - 1) / inodesPerGroup; }
}
