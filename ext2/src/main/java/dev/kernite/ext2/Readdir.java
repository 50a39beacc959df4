package dev.kernite.ext2;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of directory listing. Entries are collected first and typed afterwards (a type missing from the entry,
 * without the filetype feature, needs the inode, and reading it may evict the directory block).
 *
 * <p>Thread safety: stateless.
 */
final class Readdir {
    private record Raw(String name, long ino, int code) {}

    private Readdir() {}

    static DirPage page(Volume vol, Directory dirs, Inode dir, long cookie, int max) {
        List<Raw> raw = new ArrayList<>();
        long[] next = {cookie};
        Directory.Slot stop = dirs.scan(dir, cookie, (s, block, off) -> {
            if (s.ino() != 0) {
                if (raw.size() == max) return true;
                raw.add(new Raw(Directory.name(block, off, s.nameLen()), s.ino(), s.type()));
            }
            next[0] = s.pos() + s.recLen();
            return false;
        });
        List<DirEntry> out = new ArrayList<>(raw.size());
        for (Raw r : raw) {
            FileType t = vol.filetype ? InodeLayout.fromDirentType(r.code()) : null;
            if (t == null) t = vol.readInode(r.ino()).type();
            if (t == null) throw Ext2Exception.corrupt("entry " + r.name() + " names inode " + r.ino() + " of no known type");
            out.add(new DirEntry(r.name(), r.ino(), t));
        }
        return new DirPage(out, stop == null ? Math.max(cookie, dir.size()) : next[0], stop == null);
    }
}
