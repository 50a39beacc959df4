package dev.kernite.ext2;

import dev.kernite.abi.fs.FsError;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Names: lookup, create, mkdir, symlink, link, unlink, rmdir, rename, and the open references that keep an unlinked
 * inode alive until its last release. Names arrive checked (1–255 bytes, no '/' or NUL); errors leave as
 * {@link Ext2Exception}s that {@link Ext2FileSystem} turns into values.
 *
 * <p>Order of writes for crash safety (no journal): a new inode is written before the entry naming it, a new name is
 * added before the old one is removed (rename), and a link count drops only after the entry is gone — so a crash
 * leaves at worst an extra link or an unattached inode, which e2fsck repairs, never a name for a freed inode.
 *
 * <p>Thread safety: not thread-safe; owned by one {@link Ext2FileSystem}.
 */
final class Namespace {
    static final long ROOT = 2;
    private static final int LINK_MAX = 32000;
    private static final byte[] DOT = {'.'}, DOTDOT = {'.', '.'};

    private final Volume vol;
    private final BlockMap map;
    private final Files files;
    private final Directory dirs;
    private final Map<Long, Integer> opens = new HashMap<>();
    private final Set<Long> orphans = new LinkedHashSet<>();

    Namespace(Volume vol, BlockMap map, Files files, Directory dirs) {
        this.vol = vol;
        this.map = map;
        this.files = files;
        this.dirs = dirs;
    }

    /** A live inode: in range and in use (or unlinked but still open). ESTALE otherwise. */
    Inode inode(long ino) {
        if (!vol.validIno(ino) || (ino < vol.geo.firstIno() && ino != ROOT)) throw new Ext2Exception(FsError.ESTALE, "no inode " + ino);
        Inode in = vol.readInode(ino);
        if (in.mode() == 0 || (in.links() == 0 && !orphans.contains(ino))) throw new Ext2Exception(FsError.ESTALE, "inode " + ino + " is not in use");
        if (in.type() == null) throw Ext2Exception.corrupt("inode " + ino + " has mode " + Integer.toOctalString(in.mode()));
        return in;
    }

    Inode dir(long ino) {
        Inode d = inode(ino);
        if (!d.isDir()) throw new Ext2Exception(FsError.ENOTDIR, "inode " + ino + " is not a directory");
        return d;
    }

    long lookup(long dirIno, byte[] name) {
        Directory.Slot s = dirs.find(dir(dirIno), name);
        if (s == null) throw new Ext2Exception(FsError.ENOENT, "no such name");
        return s.ino();
    }

    /** Creates a regular file, directory or symlink named {@code name} in {@code dirIno}. */
    long create(long dirIno, byte[] name, FileType type, int perm, int uid, int gid, byte[] target) {
        Inode d = writableDir(dirIno);
        if (dirs.find(d, name) != null) throw new Ext2Exception(FsError.EEXIST, "name exists");
        boolean isDir = type == FileType.DIRECTORY;
        if (isDir && d.links() >= LINK_MAX) throw new Ext2Exception(FsError.EMLINK, "too many links");
        Inode n = files.newInode(d.ino, InodeLayout.format(type) | (perm & 07777), uid, gid);
        try {
            n.links(isDir ? 2 : 1);
            if (isDir) {
                long phys = map.mapOrAllocate(n, 0, map.goal(n, 0));
                dirs.initBlock(vol.cache.modify(phys), n.ino, d.ino);
                n.size(vol.blockSize());
            } else if (target != null) {
                files.writeSymlink(n, target);
            }
            vol.writeInode(n);
            dirs.add(d, name, n.ino, type);
        } catch (Ext2Exception e) {
            n.links(0);
            files.freeInode(n);
            throw e;
        }
        if (isDir) d.links(d.links() + 1);
        vol.writeModified(d);
        return n.ino;
    }

    void link(long dirIno, byte[] name, long ino) {
        Inode target = inode(ino);
        if (target.isDir()) throw new Ext2Exception(FsError.EPERM, "hard links to directories are not allowed");
        if (target.links() >= LINK_MAX) throw new Ext2Exception(FsError.EMLINK, "too many links");
        if (target.links() == 0) throw new Ext2Exception(FsError.ENOENT, "the file was removed");
        Inode d = writableDir(dirIno);
        if (dirs.find(d, name) != null) throw new Ext2Exception(FsError.EEXIST, "name exists");
        dirs.add(d, name, ino, target.type());
        vol.writeModified(d);
        target = vol.readInode(ino);
        target.links(target.links() + 1);
        target.ctime(vol.now());
        vol.writeInode(target);
    }

    void unlink(long dirIno, byte[] name) {
        Inode d = dir(dirIno);
        Directory.Slot s = found(d, name);
        Inode target = inode(s.ino());
        if (target.isDir()) throw new Ext2Exception(FsError.EISDIR, "is a directory");
        dirs.remove(d, s);
        vol.writeModified(d);
        dropLink(vol.readInode(target.ino));
    }

    void rmdir(long dirIno, byte[] name) {
        Inode d = dir(dirIno);
        Directory.Slot s = found(d, name);
        Inode target = inode(s.ino());
        if (!target.isDir()) throw new Ext2Exception(FsError.ENOTDIR, "not a directory");
        if (target.ino == ROOT) throw new Ext2Exception(FsError.EBUSY, "the root");
        if (!dirs.isEmpty(target)) throw new Ext2Exception(FsError.ENOTEMPTY, "directory not empty");
        dirs.remove(d, s);
        d.links(Math.max(1, d.links() - 1));
        vol.writeModified(d);
        removeDirectory(vol.readInode(target.ino));
    }

    void rename(long fromDir, byte[] fromName, long toDir, byte[] toName) {
        Inode src = inode(found(dir(fromDir), fromName).ino());
        Inode to = writableDir(toDir);
        Directory.Slot existing = dirs.find(to, toName);
        boolean moveDir = src.isDir();
        if (existing != null) {
            if (existing.ino() == src.ino) return;
            Inode victim = inode(existing.ino());
            if (moveDir && !victim.isDir()) throw new Ext2Exception(FsError.ENOTDIR, "not a directory");
            if (!moveDir && victim.isDir()) throw new Ext2Exception(FsError.EISDIR, "is a directory");
            if (victim.isDir() && !dirs.isEmpty(victim)) throw new Ext2Exception(FsError.ENOTEMPTY, "directory not empty");
        }
        if (moveDir && fromDir != toDir) {
            checkNotInside(src.ino, toDir);
            if (existing == null && to.links() >= LINK_MAX) throw new Ext2Exception(FsError.EMLINK, "too many links");
        }
        if (existing != null) dirs.retarget(to, existing, src.ino, src.type());
        else dirs.add(to, toName, src.ino, src.type());
        if (moveDir && fromDir != toDir && existing == null) to.links(to.links() + 1);
        vol.writeModified(to);
        Inode from = vol.readInode(fromDir);
        dirs.remove(from, found(from, fromName));
        if (moveDir && fromDir != toDir) {
            from.links(Math.max(1, from.links() - 1));
            Inode moved = vol.readInode(src.ino);
            dirs.retarget(moved, found(moved, DOTDOT), toDir, FileType.DIRECTORY);
            vol.writeInode(moved);
        }
        vol.writeModified(from);
        Inode s = vol.readInode(src.ino);
        s.ctime(vol.now());
        vol.writeInode(s);
        if (existing != null) {
            Inode victim = vol.readInode(existing.ino());
            if (victim.isDir()) {
                // Moved in from elsewhere, the new directory's ".." takes over the victim's link to toDir.
                if (fromDir == toDir) {
                    Inode t = vol.readInode(toDir);
                    t.links(Math.max(1, t.links() - 1));
                    vol.writeInode(t);
                }
                removeDirectory(victim);
            } else {
                dropLink(victim);
            }
        }
    }

    /** EINVAL when {@code dirIno} is {@code ino} or lies below it (walks ".." up to the root, bounded). */
    private void checkNotInside(long ino, long dirIno) {
        long cur = dirIno;
        for (long steps = 0; cur != ROOT; steps++) {
            if (cur == ino) throw new Ext2Exception(FsError.EINVAL, "a directory cannot move into itself");
            if (steps > Math.min(vol.geo.inodesCount(), 1 << 20)) throw Ext2Exception.corrupt("the \"..\" chain from " + dirIno + " loops");
            cur = lookup(cur, DOTDOT);
        }
    }

    void retain(long ino) { opens.merge(ino, 1, Integer::sum); }

    /** Drops an open reference; frees an unlinked inode at its last one. */
    void release(long ino) {
        Integer n = opens.get(ino);
        if (n == null) return;
        if (n > 1) {
            opens.put(ino, n - 1);
            return;
        }
        opens.remove(ino);
        if (orphans.remove(ino)) files.freeInode(vol.readInode(ino));
    }

    /** Frees every unlinked inode still open (at unmount). */
    void releaseAll() {
        opens.clear();
        for (long ino : Set.copyOf(orphans)) {
            orphans.remove(ino);
            files.freeInode(vol.readInode(ino));
        }
    }

    private void dropLink(Inode target) {
        target.links(Math.max(0, target.links() - 1));
        target.ctime(vol.now());
        if (target.links() > 0) {
            vol.writeInode(target);
        } else if (opens.containsKey(target.ino)) {
            orphans.add(target.ino);
            vol.writeInode(target);
        } else {
            files.freeInode(target);
        }
    }

    private void removeDirectory(Inode dir) {
        dir.links(0);
        dir.ctime(vol.now());
        if (opens.containsKey(dir.ino)) {
            orphans.add(dir.ino);
            vol.writeInode(dir);
        } else {
            files.freeInode(dir);
        }
    }

    private Inode writableDir(long ino) {
        Inode d = dir(ino);
        if (d.links() == 0) throw new Ext2Exception(FsError.ENOENT, "the directory was removed");
        return d;
    }

    private Directory.Slot found(Inode d, byte[] name) {
        Directory.Slot s = dirs.find(d, name);
        if (s == null) throw new Ext2Exception(FsError.ENOENT, "no such name");
        return s;
    }


    static boolean isDots(byte[] name) {
        return java.util.Arrays.equals(name, DOT) || java.util.Arrays.equals(name, DOTDOT);
    }
}
