package dev.kernite.ext2;

import dev.kernite.abi.fs.FsError;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * File contents and inode life: reading and writing through the block map (holes read as zeros), truncation,
 * symlink targets (fast ones in the inode, slow ones in a block), new inodes and freeing an inode with everything
 * it owns.
 *
 * <p>Thread safety: not thread-safe; owned by one {@link Ext2FileSystem}.
 */
final class Files {
    private static final long SIZE_LIMIT = (1L << 41) - 1; // i_blocks counts 512-byte units in 32 bits: 2 TiB
    private static final long XATTR_MAGIC = 0xEA020000L;

    private final Volume vol;
    private final Allocator alloc;
    private final BlockMap map;
    private final int bs;
    /** Reads this large or larger load {@link BlockCache#MAX_RUN_BYTES} ahead on a miss (sequential streams). */
    static final int READ_AHEAD_MIN = 64 << 10;
    /** Most block pointers a read maps in one walk ({@link BlockMap#mapRun}). */
    private static final int RUN_MAP = 256;

    Files(Volume vol, Allocator alloc, BlockMap map) {
        this.vol = vol;
        this.alloc = alloc;
        this.map = map;
        this.bs = vol.blockSize();
    }

    long maxFileSize() { return Math.min(map.maxBlocks() * bs, SIZE_LIMIT); }

    /**
     * Reads up to {@code into.byteSize()} bytes at {@code offset} through the cache (holes read as zeros). A block not
     * cached is loaded with the physically contiguous blocks after it that the file maps, up to the end of the request
     * or, for a request of {@link #READ_AHEAD_MIN} bytes or more, {@link BlockCache#MAX_RUN_BYTES} (read-ahead): one
     * store request per run.
     */
    int read(Inode inode, long offset, MemorySegment into) {
        long size = inode.size();
        if (offset >= size || into.byteSize() == 0) return 0;
        int n = (int) Math.min(Math.min(into.byteSize(), Integer.MAX_VALUE), size - offset);
        long lastBlock = (size - 1) / bs;
        long[] phys = new long[(int) Math.min(RUN_MAP, (long) n / bs + 2)];
        int mapped = 0, next = 0;                              // phys[next] maps the block at done
        for (int done = 0; done < n; ) {
            long pos = offset + done;
            int inBlock = (int) (pos % bs);
            int len = Math.min(n - done, bs - inBlock);
            long lb = pos / bs;
            if (next == mapped) {                              // one walk of the pointer tree per run of blocks
                mapped = map.mapRun(inode, lb, phys, (int) Math.min(phys.length, lastBlock - lb + 1));
                next = 0;
            }
            long p = phys[next++];
            if (p == 0) {
                into.asSlice(done, len).fill((byte) 0);
            } else {
                byte[] block = vol.cache.cached(p);
                if (block == null) {
                    long want = n >= READ_AHEAD_MIN ? BlockCache.MAX_RUN_BYTES / bs : ((long) inBlock + n - done + bs - 1) / bs;
                    vol.cache.load(p, contiguous(inode, lb, p, (int) Math.min(want, lastBlock - lb + 1)));
                    block = vol.cache.read(p);
                }
                MemorySegment.copy(block, inBlock, into, ValueLayout.JAVA_BYTE, done, len);
            }
            done += len;
        }
        return n;
    }

    /** How many of the next {@code max} logical blocks from {@code lb} (mapped to {@code phys}) follow on disk. */
    private int contiguous(Inode inode, long lb, long phys, int max) {
        int limit = Math.min(max, BlockCache.MAX_RUN_BYTES / bs), run = 1;
        while (run < limit && map.map(inode, lb + run) == phys + run) run++;
        return run;
    }

    /**
     * Writes all of {@code from} at {@code offset} into the cache (write-back: the blocks reach the store at sync or
     * eviction); a whole block is overwritten without being read. On ENOSPC the file is cut back to its old size.
     * Caller saves the inode.
     */
    void write(Inode inode, long offset, MemorySegment from) {
        long n = from.byteSize();
        if (offset < 0) throw new Ext2Exception(FsError.EINVAL, "negative offset");
        if (offset > maxFileSize() || n > maxFileSize() - offset) throw new Ext2Exception(FsError.EFBIG, "past the largest file");
        long oldSize = inode.size();
        try {
            for (long done = 0; done < n; ) {
                long pos = offset + done;
                int inBlock = (int) (pos % bs);
                int len = (int) Math.min(n - done, bs - inBlock);
                long lb = pos / bs;
                boolean whole = len == bs;
                long phys = map.map(inode, lb);
                if (phys == 0) phys = map.mapOrAllocate(inode, lb, map.goal(inode, lb), !whole);
                byte[] block = whole ? vol.cache.overwrite(phys) : vol.cache.modify(phys);
                MemorySegment.copy(from, ValueLayout.JAVA_BYTE, done, block, inBlock, len);
                done += len;
            }
        } catch (Ext2Exception e) {
            if (e.error() == FsError.ENOSPC) truncate(inode, oldSize);
            throw e;
        }
        if (offset + n > oldSize) setSize(inode, offset + n);
    }

    /** Sets the size; shrinking frees blocks past it and zeroes the rest of its last block (a later grow reads zeros). */
    void truncate(Inode inode, long size) {
        if (size < 0) throw new Ext2Exception(FsError.EINVAL, "negative size");
        if (size > maxFileSize()) throw new Ext2Exception(FsError.EFBIG, "past the largest file");
        if (size < inode.size()) {
            map.truncate(inode, (size + bs - 1) / bs);
            if (size % bs != 0) {
                long phys = map.map(inode, size / bs);
                if (phys != 0) java.util.Arrays.fill(vol.cache.modify(phys), (int) (size % bs), bs, (byte) 0);
            }
        }
        setSize(inode, size);
    }

    private void setSize(Inode inode, long size) {
        inode.size(size);
        if (size > Integer.MAX_VALUE) vol.addRoCompat(SuperblockLayout.RO_COMPAT_LARGE_FILE);
    }

    String readlink(Inode inode) {
        long size = inode.size();
        if (inode.isFastSymlink(bs)) {
            if (size > InodeLayout.N_BLOCKS * 4) throw Ext2Exception.corrupt("fast symlink " + inode.ino + " has size " + size);
            return new String(inode.raw, InodeLayout.BLOCK, (int) size, StandardCharsets.UTF_8);
        }
        if (size >= bs) throw Ext2Exception.corrupt("symlink " + inode.ino + " has size " + size);
        long phys = map.map(inode, 0);
        if (phys == 0) throw Ext2Exception.corrupt("symlink " + inode.ino + " has no block");
        return new String(vol.cache.read(phys), 0, (int) size, StandardCharsets.UTF_8);
    }

    /** Stores a symlink's target: in the inode below 60 bytes, else in one zero-padded block. */
    void writeSymlink(Inode inode, byte[] target) {
        if (target.length <= InodeLayout.FAST_SYMLINK_MAX) {
            System.arraycopy(target, 0, inode.raw, InodeLayout.BLOCK, target.length);
        } else {
            long phys = map.mapOrAllocate(inode, 0, map.goal(inode, 0));
            System.arraycopy(target, 0, vol.cache.modify(phys), 0, target.length);
        }
        inode.size(target.length);
    }

    /** A new, written inode of this mode. Throws ENOSPC when no inode is left. */
    Inode newInode(long parent, int mode, int uid, int gid) {
        boolean dir = (mode & InodeLayout.S_IFMT) == InodeLayout.S_IFDIR;
        long ino = alloc.allocInode(parent, dir);
        Inode inode = new Inode(ino, new byte[vol.geo.inodeSize()]);
        long now = vol.now();
        inode.mode(mode);
        inode.uid(uid);
        inode.gid(gid);
        inode.atime(now);
        inode.mtime(now);
        inode.ctime(now);
        Bytes.put32(inode.raw, InodeLayout.GENERATION, Bytes.u32(vol.readInode(ino).raw, InodeLayout.GENERATION) + 1);
        if (inode.raw.length > InodeLayout.GOOD_OLD_SIZE) Bytes.put16(inode.raw, InodeLayout.EXTRA_ISIZE, InodeLayout.EXTRA_ISIZE_VALUE);
        vol.writeInode(inode);
        return inode;
    }

    /** Frees an inode with no links left: its blocks, its extended-attribute block, its bitmap bit. */
    void freeInode(Inode inode) {
        boolean dir = inode.isDir();
        FileType type = inode.type();
        boolean hasBlocks = type == FileType.REGULAR || type == FileType.DIRECTORY || (type == FileType.SYMLINK && !inode.isFastSymlink(bs));
        if (hasBlocks) map.truncate(inode, 0);
        releaseXattrBlock(inode);
        inode.links(0);
        inode.size(0);
        inode.dtime(vol.now());
        vol.writeInode(inode);
        alloc.freeInode(inode.ino, dir);
    }

    /** Drops this inode's reference to a shared extended-attribute block, freeing it with its last reference. */
    private void releaseXattrBlock(Inode inode) {
        long acl = inode.fileAcl();
        if (acl == 0) return;
        vol.checkBlock(acl, inode.ino, "'s attribute block");
        byte[] block = vol.cache.read(acl);
        if (Bytes.u32(block, 0) != XATTR_MAGIC) throw Ext2Exception.corrupt("inode " + inode.ino + "'s attribute block has no magic");
        long refs = Bytes.u32(block, 4);
        if (refs <= 1) alloc.freeBlock(acl);
        else Bytes.put32(vol.cache.modify(acl), 4, refs - 1);
        inode.fileAcl(0);
        inode.blocks512(Math.max(0, inode.blocks512() - bs / 512));
    }
}
