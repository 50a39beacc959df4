package dev.kernite.ext2;

import dev.kernite.abi.fs.FsError;

/**
 * An inode's logical-to-physical block map: 12 direct pointers, then one single, one double and one triple indirect
 * tree. A zero pointer is a hole. Every pointer read from disk is range-checked; the trees are at most three deep,
 * so no walk can loop, and a block named twice is caught when it is freed twice (the bitmap says so).
 *
 * <p>Thread safety: not thread-safe; owned by one {@link Ext2FileSystem}.
 */
final class BlockMap {
    private final Volume vol;
    private final Allocator alloc;
    private final int ppb;
    private final int shift;

    BlockMap(Volume vol, Allocator alloc) {
        this.vol = vol;
        this.alloc = alloc;
        this.ppb = vol.geo.pointersPerBlock();
        this.shift = Integer.numberOfTrailingZeros(ppb);
    }

    /** Logical blocks the map can address. */
    long maxBlocks() {
        return InodeLayout.N_DIRECT + (long) ppb + (long) ppb * ppb + (long) ppb * ppb * ppb;
    }

    /** The physical block of logical block {@code l}, or 0 for a hole. */
    long map(Inode inode, long l) {
        int[] path = path(l);
        long b = inode.block(path[0]);
        for (int i = 1; i < path.length && b != 0; i++) {
            vol.checkBlock(b, inode.ino, "'s indirect pointer");
            b = Bytes.u32(vol.cache.read(b), path[i] * 4);
        }
        return b == 0 ? 0 : vol.checkBlock(b, inode.ino, "'s block pointer");
    }

    /**
     * Maps logical blocks from {@code l} into {@code out} (0 for a hole), as {@link #map} would one by one, but walking
     * the pointer tree once: up to {@code max} blocks and at most to the end of the pointer block holding {@code l}'s
     * (or of the direct pointers). Returns how many were mapped, at least 1. For reads of runs of blocks.
     */
    int mapRun(Inode inode, long l, long[] out, int max) {
        int[] path = path(l);
        if (path.length == 1) {
            int n = (int) Math.min(max, InodeLayout.N_DIRECT - l);
            for (int i = 0; i < n; i++) out[i] = checked(inode, inode.block(path[0] + i));
            return n;
        }
        long b = inode.block(path[0]);
        for (int i = 1; i < path.length - 1 && b != 0; i++) {
            vol.checkBlock(b, inode.ino, "'s indirect pointer");
            b = Bytes.u32(vol.cache.read(b), path[i] * 4);
        }
        int first = path[path.length - 1], n = Math.min(max, ppb - first);
        if (b == 0) {
            java.util.Arrays.fill(out, 0, n, 0);
            return n;
        }
        vol.checkBlock(b, inode.ino, "'s indirect pointer");
        byte[] leaf = vol.cache.read(b);                       // read every pointer before the next cache call
        for (int i = 0; i < n; i++) out[i] = Bytes.u32(leaf, (first + i) * 4);
        for (int i = 0; i < n; i++) out[i] = checked(inode, out[i]);
        return n;
    }

    private long checked(Inode inode, long b) {
        return b == 0 ? 0 : vol.checkBlock(b, inode.ino, "'s block pointer");
    }

    /**
     * The physical block of {@code l}, allocating it (and any indirect block on the way, zeroed) when it is a hole.
     * A new data block is handed out unread and zeroed in the cache. The caller writes the inode afterwards.
     */
    long mapOrAllocate(Inode inode, long l, long goal) { return mapOrAllocate(inode, l, goal, true); }

    /**
     * As {@link #mapOrAllocate(Inode, long, long)}; with {@code cacheData} false a new data block is not put in the
     * cache at all — for a caller that overwrites the whole block in the cache itself ({@link BlockCache#overwrite}).
     */
    long mapOrAllocate(Inode inode, long l, long goal, boolean cacheData) {
        int[] path = path(l);
        long b = inode.block(path[0]);
        if (b == 0) {
            b = allocate(inode, goal, cacheData || path.length > 1);
            inode.block(path[0], b);
        }
        for (int i = 1; i < path.length; i++) {
            long parent = vol.checkBlock(b, inode.ino, "'s indirect pointer");
            b = Bytes.u32(vol.cache.read(parent), path[i] * 4);
            if (b == 0) {
                b = allocate(inode, parent + 1, cacheData || i < path.length - 1);
                Bytes.put32(vol.cache.modify(parent), path[i] * 4, b);
            }
        }
        return vol.checkBlock(b, inode.ino, "'s block pointer");
    }

    private long allocate(Inode inode, long goal, boolean cache) {
        long b = alloc.allocBlock(goal);
        if (cache) vol.cache.fresh(b);
        inode.blocks512(inode.blocks512() + vol.blockSize() / 512);
        return b;
    }

    /** A goal for logical block {@code l}: right after block {@code l - 1}, else in the inode's group. */
    long goal(Inode inode, long l) {
        if (l > 0) {
            long prev = map(inode, l - 1);
            if (prev != 0) return prev + 1;
        }
        return vol.geo.groupStart(vol.geo.groupOfInode(inode.ino)) + 1;
    }

    /** Frees every block at logical index {@code keep} and beyond, and indirect blocks left empty. */
    void truncate(Inode inode, long keep) {
        for (int i = 0; i < InodeLayout.N_DIRECT; i++) {
            if (i >= keep && inode.block(i) != 0) {
                release(inode, inode.block(i));
                inode.block(i, 0);
            }
        }
        long base = InodeLayout.N_DIRECT;
        for (int level = 1; level <= 3; level++) {
            long root = inode.block(InodeLayout.N_DIRECT - 1 + level);
            if (root != 0 && prune(inode, root, level, base, keep)) {
                release(inode, root);
                inode.block(InodeLayout.N_DIRECT - 1 + level, 0);
            }
            base += 1L << (shift * level);
        }
    }

    /** Frees the blocks at {@code keep} and beyond under the tree {@code blk} covering from {@code base}; true when none remains. */
    private boolean prune(Inode inode, long blk, int level, long base, long keep) {
        vol.checkBlock(blk, inode.ino, "'s indirect pointer");
        long span = 1L << (shift * (level - 1));
        if (keep >= base + span * ppb) return false;
        boolean any = false;
        for (int i = 0; i < ppb; i++) {
            long child = Bytes.u32(vol.cache.read(blk), i * 4);
            if (child == 0) continue;
            long childBase = base + i * span;
            boolean empty = childBase + span > keep && (level == 1 || prune(inode, child, level - 1, childBase, keep));
            if (!empty) {
                any = true;
                continue;
            }
            release(inode, child);
            Bytes.put32(vol.cache.modify(blk), i * 4, 0);
        }
        return !any;
    }

    private void release(Inode inode, long b) {
        alloc.freeBlock(b);
        inode.blocks512(Math.max(0, inode.blocks512() - vol.blockSize() / 512));
    }

    private int[] path(long l) {
        if (l < 0) throw new IllegalArgumentException("negative block " + l);
        if (l < InodeLayout.N_DIRECT) return new int[] {(int) l};
        l -= InodeLayout.N_DIRECT;
        int mask = ppb - 1;
        if (l < ppb) return new int[] {12, (int) l};
        l -= ppb;
        if (l < (long) ppb * ppb) return new int[] {13, (int) (l >>> shift), (int) (l & mask)};
        l -= (long) ppb * ppb;
        if (l < (long) ppb * ppb * ppb) return new int[] {14, (int) (l >>> 2 * shift), (int) (l >>> shift & mask), (int) (l & mask)};
        throw new Ext2Exception(FsError.EFBIG, "block " + l + " is beyond the triple indirect tree");
    }
}
