package dev.kernite.ext2;

import static dev.kernite.ext2.GroupDescriptorLayout.*;

import dev.kernite.abi.fs.FsError;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A mounted file system's state: the store, the block cache, the superblock and the descriptor table (both kept in
 * memory and written at {@link #sync}), and checked access to inodes and blocks. Every block number that comes from
 * the disk goes through {@link #checkBlock} before use.
 *
 * <p>Thread safety: not thread-safe; owned by one {@link Ext2FileSystem}.
 */
final class Volume {
    /** The mounted store behind write gathering and read-ahead; every request of the file system goes through it. */
    final StreamingStore store;
    final Geometry geo;
    final BlockCache cache;
    final byte[] sb;
    final byte[] gdt;
    final boolean filetype;
    final boolean sparse;
    private boolean superDirty;

    Volume(BlockStore store, Geometry geo, byte[] sb, byte[] gdt, int cacheBlocks) {
        this.store = new StreamingStore(store);
        this.geo = geo;
        this.sb = sb;
        this.gdt = gdt;
        this.cache = new BlockCache(this.store, geo.blockSize(), geo.blocksCount(), cacheBlocks);
        this.filetype = (Bytes.u32(sb, SuperblockLayout.FEATURE_INCOMPAT) & SuperblockLayout.INCOMPAT_FILETYPE) != 0;
        this.sparse = (Bytes.u32(sb, SuperblockLayout.FEATURE_RO_COMPAT) & SuperblockLayout.RO_COMPAT_SPARSE_SUPER) != 0;
    }

    int blockSize() { return geo.blockSize(); }

    /** A block a pointer on disk may name: past the superblock, inside the file system. */
    long checkBlock(long b, String what) {
        if (b <= geo.firstDataBlock() || b >= geo.blocksCount()) throw Ext2Exception.corrupt(what + " names block " + b + ", outside the file system");
        return b;
    }

    /**
     * As {@link #checkBlock(long, String)} for a pointer of inode {@code ino}, {@code what} being e.g. {@code "'s block
     * pointer"}: the message is built only when the check fails, since this runs for every block a read or write maps.
     */
    long checkBlock(long b, long ino, String what) {
        if (b <= geo.firstDataBlock() || b >= geo.blocksCount()) throw Ext2Exception.corrupt("inode " + ino + what + " names block " + b + ", outside the file system");
        return b;
    }

    boolean validIno(long ino) { return ino >= 1 && ino <= geo.inodesCount(); }

    Inode readInode(long ino) {
        if (!validIno(ino)) throw Ext2Exception.corrupt("inode number " + ino + " is out of range");
        long[] at = inodeLocation(ino);
        byte[] block = cache.read(at[0]);
        return new Inode(ino, Arrays.copyOfRange(block, (int) at[1], (int) at[1] + geo.inodeSize()));
    }

    void writeInode(Inode inode) {
        long[] at = inodeLocation(inode.ino);
        System.arraycopy(inode.raw, 0, cache.modify(at[0]), (int) at[1], geo.inodeSize());
    }

    private long[] inodeLocation(long ino) {
        long g = geo.groupOfInode(ino);
        long byteOff = (ino - 1) % geo.inodesPerGroup() * geo.inodeSize();
        long block = inodeTable(g) + byteOff / blockSize();
        return new long[] {block, byteOff % blockSize()};
    }

    long now() { return System.currentTimeMillis() / 1000; }

    /** Sets mtime and ctime to now and writes the inode back. */
    void writeModified(Inode inode) {
        long now = now();
        inode.mtime(now);
        inode.ctime(now);
        writeInode(inode);
    }

    // ---- group descriptors (validated at mount) ----

    long blockBitmap(long g) { return Bytes.u32(gdt, (int) g * SIZE + BLOCK_BITMAP); }

    long inodeBitmap(long g) { return Bytes.u32(gdt, (int) g * SIZE + INODE_BITMAP); }

    long inodeTable(long g) { return Bytes.u32(gdt, (int) g * SIZE + INODE_TABLE); }

    int groupField(long g, int field) { return Bytes.u16(gdt, (int) g * SIZE + field); }

    void addGroupField(long g, int field, int delta) {
        int v = Math.max(0, groupField(g, field) + delta);
        Bytes.put16(gdt, (int) g * SIZE + field, Math.min(v, 0xFFFF));
        superDirty = true;
    }

    // ---- superblock ----

    long superField(int off) { return Bytes.u32(sb, off); }

    void addSuperField(int off, long delta) {
        Bytes.put32(sb, off, Math.max(0, superField(off) + delta));
        superDirty = true;
    }

    void setSuperField(int off, long v) {
        Bytes.put32(sb, off, v);
        superDirty = true;
    }

    void setState(int state) {
        Bytes.put16(sb, SuperblockLayout.STATE, state);
        superDirty = true;
    }

    /** Turns a ro_compat feature on (large_file when a file first passes 2 GiB), in every superblock copy at sync. */
    void addRoCompat(int feature) {
        long f = superField(SuperblockLayout.FEATURE_RO_COMPAT);
        if ((f & feature) == 0) {
            setSuperField(SuperblockLayout.FEATURE_RO_COMPAT, f | feature);
            backupsDirty = true;
        }
    }

    private boolean backupsDirty;

    /** Writes dirty blocks, then the descriptor table and the superblock, then flushes the store. */
    void sync() {
        cache.writeBack();
        if (superDirty || backupsDirty) {
            Bytes.put32(sb, SuperblockLayout.WTIME, now());
            writeBytes((geo.firstDataBlock() + 1) * blockSize(), gdt);
            writeSuper(0);
            if (backupsDirty) {
                for (long g = 1; g < geo.groups(); g++) if (SuperblockLayout.hasSuperblock(g, sparse)) writeSuper(g);
            }
            superDirty = backupsDirty = false;
        }
        try {
            store.flush();
        } catch (IOException e) {
            throw new Ext2Exception(FsError.EIO, "flushing the store: " + e.getMessage());
        }
    }

    private void writeSuper(long g) {
        if (g == 0) {
            writeBytes(SuperblockLayout.OFFSET, sb);
            return;
        }
        byte[] copy = sb.clone();
        Bytes.put16(copy, SuperblockLayout.BLOCK_GROUP_NR, (int) g);
        writeBytes(geo.groupStart(g) * blockSize(), copy);
    }

    void writeBytes(long offset, byte[] data) {
        try {
            store.write(offset, MemorySegment.ofArray(data));
        } catch (IOException e) {
            throw new Ext2Exception(FsError.EIO, "writing at byte " + offset + ": " + e.getMessage());
        }
    }
}
