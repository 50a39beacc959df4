package dev.kernite.ext2;

import static dev.kernite.ext2.SuperblockLayout.*;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * mkfs: lays out a fresh ext2 revision 1 file system (filetype, sparse_super, large_file) the way mke2fs does —
 * groups of 8 × block-size blocks; superblock and descriptor-table copies in groups 0, 1 and powers of 3, 5, 7;
 * then each group's block bitmap, inode bitmap and inode table; a root directory and a lost+found. The result
 * passes {@code e2fsck -fn}.
 *
 * <p>Thread safety: stateless; one format at a time per store.
 */
final class Mkfs {
    private static final int ROOT = 2, LOST_FOUND = 11, FIRST_NON_RESERVED = 11;
    private static final int MIN_GROUP_SPARE = 50;

    private Mkfs() {}

    static FsResult<Void> format(BlockStore store, FormatOptions o) {
        if (store.readOnly()) return FsResult.error(FsError.EROFS);
        byte[] label = o.label() == null ? new byte[0] : o.label().getBytes(StandardCharsets.UTF_8);
        if ((o.blockSize() != 1024 && o.blockSize() != 2048 && o.blockSize() != 4096) || o.inodeSize() < 128
            || o.inodeSize() > o.blockSize() || Integer.bitCount(o.inodeSize()) != 1 || o.bytesPerInode() < o.blockSize()
            || label.length > 16 || o.uuid() == null) {
            return FsResult.error(FsError.EINVAL);
        }
        Geometry geo = plan(store.size(), o);
        if (geo == null) return FsResult.error(FsError.ENOSPC);
        try {
            new Writer(store, geo, o, label).write();
            return FsResult.done();
        } catch (IOException e) {
            return FsResult.error(FsError.EIO);
        }
    }

    /** The geometry for this device, dropping a last group too small to be useful (as mke2fs does); null if none fits. */
    static Geometry plan(long deviceBytes, FormatOptions o) {
        int bs = o.blockSize();
        long first = bs == 1024 ? 1 : 0;
        long blocks = Math.min(deviceBytes / bs, 0xFFFFFFFFL);
        long bpg = 8L * bs;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (blocks <= first + 1) return null;
            long groups = (blocks - first + bpg - 1) / bpg;
            long perBlock = bs / o.inodeSize();
            long want = Math.max(deviceBytes / o.bytesPerInode(), 16 * groups);
            long ipg = (want + groups - 1) / groups;
            long align = Math.max(8, perBlock);
            ipg = Math.min((ipg + align - 1) / align * align, 8L * bs);
            long gdt = (groups * GroupDescriptorLayout.SIZE + bs - 1) / bs;
            long itb = ipg * o.inodeSize() / bs;
            Geometry g = new Geometry(bs, blocks, first, bpg, ipg, o.inodeSize(), groups, gdt, itb, groups * ipg, FIRST_NON_RESERVED);
            long last = g.blocksInGroup(groups - 1);
            long need = overhead(g, groups - 1, true) + MIN_GROUP_SPARE;
            if (last >= need) return g.inodesCount() > 0xFFFFFFFFL ? null : g;
            if (groups == 1) return null;
            blocks = first + (groups - 1) * bpg;
        }
        return null;
    }

    static long overhead(Geometry g, long group, boolean sparse) {
        return (SuperblockLayout.hasSuperblock(group, sparse) ? 1 + g.gdtBlocks() : 0) + 2 + g.inodeTableBlocks();
    }

    /** One format run. */
    private static final class Writer {
        private final BlockStore store;
        private final Geometry g;
        private final FormatOptions o;
        private final byte[] label;
        private final int bs;
        private final long now = System.currentTimeMillis() / 1000;
        private final long rootBlock;
        private final int lpfBlocks;

        Writer(BlockStore store, Geometry g, FormatOptions o, byte[] label) {
            this.store = store;
            this.g = g;
            this.o = o;
            this.label = label;
            this.bs = g.blockSize();
            this.rootBlock = g.groupStart(0) + overhead(g, 0, true);
            this.lpfBlocks = Math.min(InodeLayout.N_DIRECT, Math.max(2, 16384 / bs));
        }

        void write() throws IOException {
            byte[] gdt = new byte[(int) (g.gdtBlocks() * bs)];
            long freeBlocks = 0;
            for (long grp = 0; grp < g.groups(); grp++) {
                long start = g.groupStart(grp);
                long meta = start + (hasSuper(grp) ? 1 + g.gdtBlocks() : 0);
                long used = overhead(g, grp, true) + (grp == 0 ? 1 + lpfBlocks : 0);
                long free = g.blocksInGroup(grp) - used;
                int freeInodes = (int) (g.inodesPerGroup() - (grp == 0 ? FIRST_NON_RESERVED : 0));
                int off = (int) grp * GroupDescriptorLayout.SIZE;
                Bytes.put32(gdt, off + GroupDescriptorLayout.BLOCK_BITMAP, meta);
                Bytes.put32(gdt, off + GroupDescriptorLayout.INODE_BITMAP, meta + 1);
                Bytes.put32(gdt, off + GroupDescriptorLayout.INODE_TABLE, meta + 2);
                Bytes.put16(gdt, off + GroupDescriptorLayout.FREE_BLOCKS_COUNT, (int) free);
                Bytes.put16(gdt, off + GroupDescriptorLayout.FREE_INODES_COUNT, freeInodes);
                Bytes.put16(gdt, off + GroupDescriptorLayout.USED_DIRS_COUNT, grp == 0 ? 2 : 0);
                writeBlock(meta, bitmap((int) used, (int) g.blocksInGroup(grp)));
                writeBlock(meta + 1, bitmap(grp == 0 ? FIRST_NON_RESERVED : 0, (int) g.inodesPerGroup()));
                zero(meta + 2, g.inodeTableBlocks());
                freeBlocks += free;
            }
            writeDirectories();
            byte[] sb = superblock(freeBlocks);
            for (long grp = 0; grp < g.groups(); grp++) {
                if (!hasSuper(grp)) continue;
                long start = g.groupStart(grp);
                Bytes.put16(sb, BLOCK_GROUP_NR, (int) grp);
                if (grp == 0) zero(0, 1 + g.firstDataBlock()); // clear any old boot sector/superblock before ours
                write(grp == 0 ? OFFSET : start * bs, sb);
                write((start + 1) * bs, gdt);
            }
            store.flush();
        }

        private boolean hasSuper(long grp) { return SuperblockLayout.hasSuperblock(grp, true); }

        /** A bitmap block with the first {@code used} bits set and the padding past {@code valid} set. */
        private byte[] bitmap(int used, int valid) {
            byte[] map = new byte[bs];
            for (int i = 0; i < 8 * bs; i++) if (i < used || i >= valid) map[i >>> 3] |= (byte) (1 << (i & 7));
            return map;
        }

        private void writeDirectories() throws IOException {
            byte[] root = new byte[bs];
            dirent(root, 0, ROOT, 12, ".");
            dirent(root, 12, ROOT, 12, "..");
            dirent(root, 24, LOST_FOUND, bs - 24, "lost+found");
            writeBlock(rootBlock, root);
            byte[] lpf = new byte[bs];
            dirent(lpf, 0, LOST_FOUND, 12, ".");
            dirent(lpf, 12, ROOT, bs - 12, "..");
            writeBlock(rootBlock + 1, lpf);
            byte[] empty = new byte[bs];
            Bytes.put16(empty, 4, bs);
            for (int i = 1; i < lpfBlocks; i++) writeBlock(rootBlock + 1 + i, empty);
            writeInode(ROOT, dirInode(040755, 3, new long[] {rootBlock}));
            long[] lpfList = new long[lpfBlocks];
            for (int i = 0; i < lpfBlocks; i++) lpfList[i] = rootBlock + 1 + i;
            writeInode(LOST_FOUND, dirInode(040700, 2, lpfList));
        }

        private byte[] dirInode(int mode, int links, long[] blocks) {
            byte[] raw = new byte[g.inodeSize()];
            Bytes.put16(raw, InodeLayout.MODE, mode);
            Bytes.put32(raw, InodeLayout.SIZE, (long) blocks.length * bs);
            Bytes.put32(raw, InodeLayout.ATIME, now);
            Bytes.put32(raw, InodeLayout.CTIME, now);
            Bytes.put32(raw, InodeLayout.MTIME, now);
            Bytes.put16(raw, InodeLayout.LINKS_COUNT, links);
            Bytes.put32(raw, InodeLayout.BLOCKS, (long) blocks.length * (bs / 512));
            for (int i = 0; i < blocks.length; i++) Bytes.put32(raw, InodeLayout.BLOCK + 4 * i, blocks[i]);
            if (g.inodeSize() > InodeLayout.GOOD_OLD_SIZE) Bytes.put16(raw, InodeLayout.EXTRA_ISIZE, InodeLayout.EXTRA_ISIZE_VALUE);
            return raw;
        }

        private void writeInode(long ino, byte[] raw) throws IOException {
            long byteOff = (ino - 1) * g.inodeSize();
            long block = g.groupStart(0) + overhead(g, 0, true) - g.inodeTableBlocks() + byteOff / bs;
            byte[] buf = new byte[bs];
            store.read(block * bs, MemorySegment.ofArray(buf));
            System.arraycopy(raw, 0, buf, (int) (byteOff % bs), raw.length);
            writeBlock(block, buf);
        }

        private void dirent(byte[] block, int off, long ino, int recLen, String name) {
            Bytes.put32(block, off, ino);
            Bytes.put16(block, off + 4, recLen);
            Bytes.put8(block, off + 6, name.length());
            Bytes.put8(block, off + 7, InodeLayout.direntType(FileType.DIRECTORY));
            System.arraycopy(name.getBytes(StandardCharsets.US_ASCII), 0, block, off + Directory.HEADER, name.length());
        }

        private byte[] superblock(long freeBlocks) {
            byte[] sb = new byte[SIZE];
            Bytes.put32(sb, INODES_COUNT, g.inodesCount());
            Bytes.put32(sb, BLOCKS_COUNT, g.blocksCount());
            Bytes.put32(sb, R_BLOCKS_COUNT, g.blocksCount() / 20);
            Bytes.put32(sb, FREE_BLOCKS_COUNT, freeBlocks);
            Bytes.put32(sb, FREE_INODES_COUNT, g.inodesCount() - FIRST_NON_RESERVED);
            Bytes.put32(sb, FIRST_DATA_BLOCK, g.firstDataBlock());
            int log = Integer.numberOfTrailingZeros(bs) - 10;
            Bytes.put32(sb, LOG_BLOCK_SIZE, log);
            Bytes.put32(sb, LOG_FRAG_SIZE, log);
            Bytes.put32(sb, BLOCKS_PER_GROUP, g.blocksPerGroup());
            Bytes.put32(sb, FRAGS_PER_GROUP, g.blocksPerGroup());
            Bytes.put32(sb, INODES_PER_GROUP, g.inodesPerGroup());
            Bytes.put32(sb, WTIME, now);
            Bytes.put16(sb, MAX_MNT_COUNT, 0xFFFF);
            Bytes.put16(sb, MAGIC, MAGIC_VALUE);
            Bytes.put16(sb, STATE, STATE_VALID);
            Bytes.put16(sb, ERRORS, 1);
            Bytes.put32(sb, LASTCHECK, now);
            Bytes.put32(sb, REV_LEVEL, 1);
            Bytes.put32(sb, FIRST_INO, FIRST_NON_RESERVED);
            Bytes.put16(sb, INODE_SIZE, g.inodeSize());
            Bytes.put32(sb, FEATURE_INCOMPAT, INCOMPAT_FILETYPE);
            Bytes.put32(sb, FEATURE_RO_COMPAT, RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE);
            UUID u = o.uuid();
            for (int i = 0; i < 8; i++) {
                sb[FS_UUID + i] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * i));
                sb[FS_UUID + 8 + i] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * i));
            }
            System.arraycopy(label, 0, sb, VOLUME_NAME, label.length);
            Bytes.put32(sb, MKFS_TIME, now);
            if (g.inodeSize() > InodeLayout.GOOD_OLD_SIZE) {
                Bytes.put16(sb, MIN_EXTRA_ISIZE, InodeLayout.EXTRA_ISIZE_VALUE);
                Bytes.put16(sb, WANT_EXTRA_ISIZE, InodeLayout.EXTRA_ISIZE_VALUE);
            }
            return sb;
        }

        private void zero(long block, long count) throws IOException {
            long chunk = Math.max(1, (256 << 10) / bs);
            byte[] zeros = new byte[(int) (Math.min(chunk, count) * bs)];
            for (long b = block; b < block + count; b += chunk) {
                long n = Math.min(chunk, block + count - b);
                store.write(b * bs, MemorySegment.ofArray(zeros).asSlice(0, n * bs));
            }
        }

        private void writeBlock(long block, byte[] data) throws IOException { write(block * bs, data); }

        private void write(long offset, byte[] data) throws IOException { store.write(offset, MemorySegment.ofArray(data)); }
    }
}
