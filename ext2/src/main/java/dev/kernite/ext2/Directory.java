package dev.kernite.ext2;

import java.util.Arrays;

/**
 * Linear ext2 directories: blocks of variable-length records, each {inode u32, rec_len u16, name_len u8,
 * file_type u8, name}, the last record of a block reaching its end. A record with inode 0 is free space.
 * New entries go into a free record or split one with room to spare; a removed entry merges into the record before
 * it (or, first in its block, becomes free); a full directory grows by a block. Every record is checked as it is
 * read (EUCLEAN when it cannot be right). An htree-indexed directory is read linearly, and its index flag is dropped
 * when it is changed (the index would be stale), as Linux's ext2 does.
 *
 * <p>Thread safety: not thread-safe; owned by one {@link Ext2FileSystem}.
 */
final class Directory {
    /** Where a record is: its byte position in the directory and its fields. */
    record Slot(long pos, long ino, int recLen, int nameLen, int type) {}

    /**
     * The record a scan is at: one object for every record of a scan, so a scan allocates only the {@link Slot} it
     * stops at (a Slot per record visited was most of the file server's garbage when one directory held thousands
     * of files: every lookup and create scans it).
     */
    static final class Cursor {
        private long pos, ino;
        private int recLen, nameLen, type;

        long pos() { return pos; }
        long ino() { return ino; }
        int recLen() { return recLen; }
        int nameLen() { return nameLen; }
        int type() { return type; }

        Slot slot() { return new Slot(pos, ino, recLen, nameLen, type); }
    }

    /** Sees records in order; returns true to stop. The cursor and the block array are only valid during the call. */
    interface Visitor {
        boolean visit(Cursor at, byte[] block, int off);
    }

    static final int HEADER = 8;
    private static final long MAX_DIR_BYTES = 1L << 31;

    private final Volume vol;
    private final BlockMap map;
    private final int bs;

    Directory(Volume vol, BlockMap map) {
        this.vol = vol;
        this.map = map;
        this.bs = vol.blockSize();
    }

    static int recordSize(int nameLen) { return (HEADER + nameLen + 3) & ~3; }

    /** Visits the records from byte position {@code from} on; returns the slot the visitor stopped at, or null. */
    Slot scan(Inode dir, long from, Visitor v) {
        long size = dir.size();
        if (size % bs != 0 || size > MAX_DIR_BYTES) throw Ext2Exception.corrupt("directory " + dir.ino + " has size " + size);
        Cursor at = new Cursor();
        for (long lb = Math.max(0, from) / bs; lb * bs < size; lb++) {
            long phys = map.map(dir, lb);
            if (phys == 0) throw Ext2Exception.corrupt("directory " + dir.ino + " has a hole at block " + lb);
            byte[] block = vol.cache.read(phys);
            for (int off = 0; off < bs; ) {
                record(at, dir, block, lb, off);
                if (lb * bs + off >= from && v.visit(at, block, off)) return at.slot();
                off += at.recLen;
            }
        }
        return null;
    }

    /** Reads and checks the record at {@code off} into {@code at}. */
    private void record(Cursor at, Inode dir, byte[] block, long lb, int off) {
        if (off + HEADER > bs) throw Ext2Exception.corrupt("directory " + dir.ino + ": record at " + off + " runs past its block");
        long ino = Bytes.u32(block, off);
        int recLen = Bytes.u16(block, off + 4);
        int nameLen = Bytes.u8(block, off + 6);
        if (recLen < HEADER || recLen % 4 != 0 || off + recLen > bs || (ino != 0 && HEADER + nameLen > recLen)
            || (ino != 0 && !vol.validIno(ino))) {
            throw Ext2Exception.corrupt("directory " + dir.ino + " has a bad record in block " + lb + " at " + off);
        }
        at.pos = lb * bs + off;
        at.ino = ino;
        at.recLen = recLen;
        at.nameLen = nameLen;
        at.type = Bytes.u8(block, off + 7);
    }

    /** The live record named {@code name}, or null. */
    Slot find(Inode dir, byte[] name) {
        return scan(dir, 0, (s, block, off) -> s.ino() != 0 && s.nameLen() == name.length
            && Arrays.equals(block, off + HEADER, off + HEADER + name.length, name, 0, name.length));
    }

    static String name(byte[] block, int off, int nameLen) {
        return new String(block, off + HEADER, nameLen, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether the directory holds nothing but "." and "..". */
    boolean isEmpty(Inode dir) {
        return scan(dir, 0, (s, block, off) -> s.ino() != 0 && !isDotOrDotDot(block, off, s.nameLen())) == null;
    }

    static boolean isDotOrDotDot(byte[] block, int off, int nameLen) {
        return (nameLen == 1 && block[off + HEADER] == '.') || (nameLen == 2 && block[off + HEADER] == '.' && block[off + HEADER + 1] == '.');
    }

    /** Adds an entry (the name must not exist). May grow the directory by a block; the caller writes {@code dir}. */
    void add(Inode dir, byte[] name, long ino, FileType type) {
        int need = recordSize(name.length);
        Slot room = scan(dir, 0, (s, block, off) -> s.ino() == 0 ? s.recLen() >= need : s.recLen() - recordSize(s.nameLen()) >= need);
        dropIndex(dir);
        if (room == null) {
            long lb = dir.size() / bs;
            long phys = map.mapOrAllocate(dir, lb, map.goal(dir, lb));
            byte[] block = vol.cache.modify(phys);
            Arrays.fill(block, (byte) 0);
            put(block, 0, ino, bs, name, type);
            dir.size(dir.size() + bs);
            return;
        }
        byte[] block = blockFor(dir, room.pos());
        int off = (int) (room.pos() % bs);
        if (room.ino() == 0) {
            put(block, off, ino, room.recLen(), name, type);
        } else {
            int keep = recordSize(room.nameLen());
            Bytes.put16(block, off + 4, keep);
            put(block, off + keep, ino, room.recLen() - keep, name, type);
        }
    }

    /** Removes the record at {@code slot}: merged into the one before it, or made free when first in its block. */
    void remove(Inode dir, Slot slot) {
        dropIndex(dir);
        long blockStart = slot.pos() - slot.pos() % bs;
        Slot prev = scan(dir, blockStart, (s, b, o) -> s.pos() + s.recLen() == slot.pos());
        if (prev != null && prev.pos() >= blockStart && prev.pos() < slot.pos()) {
            byte[] block = blockFor(dir, prev.pos());
            Bytes.put16(block, (int) (prev.pos() % bs) + 4, prev.recLen() + slot.recLen());
        } else {
            byte[] block = blockFor(dir, slot.pos());
            Bytes.put32(block, (int) (slot.pos() % bs), 0);
        }
    }

    /** Points an existing record at another inode (rename over an existing name, fixing ".."). */
    void retarget(Inode dir, Slot slot, long ino, FileType type) {
        dropIndex(dir);
        byte[] block = blockFor(dir, slot.pos());
        int off = (int) (slot.pos() % bs);
        Bytes.put32(block, off, ino);
        Bytes.put8(block, off + 7, vol.filetype ? InodeLayout.direntType(type) : 0);
    }

    /** Fills a new directory's first block with "." and "..". */
    void initBlock(byte[] block, long self, long parent) {
        Arrays.fill(block, (byte) 0);
        put(block, 0, self, 12, new byte[] {'.'}, FileType.DIRECTORY);
        put(block, 12, parent, bs - 12, new byte[] {'.', '.'}, FileType.DIRECTORY);
    }

    private byte[] blockFor(Inode dir, long pos) {
        long phys = map.map(dir, pos / bs);
        if (phys == 0) throw Ext2Exception.corrupt("directory " + dir.ino + " lost a block");
        return vol.cache.modify(phys);
    }

    private void put(byte[] block, int off, long ino, int recLen, byte[] name, FileType type) {
        Bytes.put32(block, off, ino);
        Bytes.put16(block, off + 4, recLen);
        Bytes.put8(block, off + 6, name.length);
        Bytes.put8(block, off + 7, vol.filetype ? InodeLayout.direntType(type) : 0);
        System.arraycopy(name, 0, block, off + HEADER, name.length);
    }

    private static void dropIndex(Inode dir) {
        if ((dir.flags() & InodeLayout.INDEX_FL) != 0) dir.flags(dir.flags() & ~InodeLayout.INDEX_FL);
    }
}
