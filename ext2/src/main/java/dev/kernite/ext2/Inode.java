package dev.kernite.ext2;

import static dev.kernite.ext2.InodeLayout.*;

/**
 * A copy of one on-disk inode ({@link InodeLayout}) with typed accessors. Changes stay in the copy until
 * {@link Volume#writeInode} puts it back into the inode table.
 *
 * <p>Thread safety: not thread-safe; confined to the file system's caller.
 */
final class Inode {
    final long ino;
    final byte[] raw;

    Inode(long ino, byte[] raw) {
        this.ino = ino;
        this.raw = raw;
    }

    int mode() { return Bytes.u16(raw, MODE); }

    void mode(int v) { Bytes.put16(raw, MODE, v); }

    FileType type() { return InodeLayout.type(mode()); }

    boolean isDir() { return (mode() & S_IFMT) == S_IFDIR; }

    int uid() { return Bytes.u16(raw, UID) | Bytes.u16(raw, UID_HIGH) << 16; }

    void uid(int v) { Bytes.put16(raw, UID, v & 0xFFFF); Bytes.put16(raw, UID_HIGH, v >>> 16); }

    int gid() { return Bytes.u16(raw, GID) | Bytes.u16(raw, GID_HIGH) << 16; }

    void gid(int v) { Bytes.put16(raw, GID, v & 0xFFFF); Bytes.put16(raw, GID_HIGH, v >>> 16); }

    /** The size; the high word counts for regular files only (it was i_dir_acl for the others). */
    long size() {
        long lo = Bytes.u32(raw, SIZE);
        return (mode() & S_IFMT) == S_IFREG ? lo | Bytes.u32(raw, SIZE_HIGH) << 32 : lo;
    }

    void size(long v) {
        Bytes.put32(raw, SIZE, v);
        if ((mode() & S_IFMT) == S_IFREG) Bytes.put32(raw, SIZE_HIGH, v >>> 32);
    }

    int links() { return Bytes.u16(raw, LINKS_COUNT); }

    void links(int v) { Bytes.put16(raw, LINKS_COUNT, v); }

    long blocks512() { return Bytes.u32(raw, BLOCKS); }

    void blocks512(long v) { Bytes.put32(raw, BLOCKS, v); }

    long atime() { return Bytes.u32(raw, ATIME); }

    long mtime() { return Bytes.u32(raw, MTIME); }

    long ctime() { return Bytes.u32(raw, CTIME); }

    void atime(long v) { Bytes.put32(raw, ATIME, v); }

    void mtime(long v) { Bytes.put32(raw, MTIME, v); }

    void ctime(long v) { Bytes.put32(raw, CTIME, v); }

    void dtime(long v) { Bytes.put32(raw, DTIME, v); }

    int flags() { return (int) Bytes.u32(raw, FLAGS); }

    void flags(int v) { Bytes.put32(raw, FLAGS, v & 0xFFFFFFFFL); }

    long block(int i) { return Bytes.u32(raw, BLOCK + 4 * i); }

    void block(int i, long v) { Bytes.put32(raw, BLOCK + 4 * i, v); }

    long fileAcl() { return Bytes.u32(raw, FILE_ACL); }

    void fileAcl(long v) { Bytes.put32(raw, FILE_ACL, v); }

    /** A symlink whose target lives in block[] (it owns no data block, an xattr block aside). */
    boolean isFastSymlink(int blockSize) {
        long own = blocks512() - (fileAcl() != 0 ? blockSize / 512 : 0);
        return (mode() & S_IFMT) == S_IFLNK && own == 0;
    }

    Attr attr() {
        return new Attr(ino, type(), mode() & 07777, uid(), gid(), size(), links(), blocks512(), atime(), mtime(), ctime());
    }
}
