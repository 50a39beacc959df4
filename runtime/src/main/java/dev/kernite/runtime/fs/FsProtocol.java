package dev.kernite.runtime.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Message;

/**
 * The wire protocol of the file server (endpoint {@code fs}, docs/system-services.md), defined once for the server
 * and its client library. A request's label is its operation; a reply's label is 0 or an {@link FsError} code.
 * Integers are little-endian; strings are u16 length + UTF-8 ({@link FsWire}); paths are absolute. File data never
 * travels in messages: a client grants the server one buffer dataspace per channel (ATTACH), and READ and WRITE name
 * a range of it.
 *
 * <pre>
 *   label         request                                         reply payload (when 0)       errors (besides EINVAL, ENOTSUP)
 *   1 ATTACH      dataspace i32                                   size i64                     EBADF (no such grant), EACCES
 *   2 OPEN        flags i32 │ mode i32 │ path                     fd i32 │ ino i64              ENOENT EEXIST EISDIR ENOTDIR ELOOP EMFILE EROFS
 *   3 READ        fd i32 │ offset i64 │ length i32 │ buffer i64   count i32 (0: end of file)   EBADF EISDIR EIO
 *   4 WRITE       fd i32 │ offset i64 │ length i32 │ buffer i64   count i32                    EBADF ENOSPC EFBIG EROFS EIO
 *   5 CLOSE       fd i32                                          —                            EBADF
 *   6 STAT        path (symlinks followed)                        stat (see below)             ENOENT ENOTDIR ELOOP
 *   7 LSTAT       path (last symlink not followed)                stat
 *   8 FSTAT       fd i32                                          stat                         EBADF
 *   9 MKDIR       mode i32 │ path                                 —                            EEXIST ENOENT ENOSPC EROFS
 *  10 RMDIR       path                                            —                            ENOTEMPTY ENOTDIR EBUSY
 *  11 UNLINK      path                                            —                            EISDIR ENOENT
 *  12 RENAME      from │ to                                       —                            EXDEV EBUSY ENOTEMPTY EISDIR
 *  13 READDIR     fd i32 (-1: by path) │ cookie i64 │ path        next i64 │ end i32 │ n i32 │ n × (ino i64 │ kind i32 │ name)
 *  14 TRUNCATE    fd i32 (-1: by path) │ size i64 │ path          —                            EISDIR EFBIG
 *  15 SYMLINK     target │ path                                   —                            EEXIST
 *  16 READLINK    path                                            target                       EINVAL (not a symlink)
 *  17 CHMOD       mode i32 │ path                                 —
 *  18 CHOWN       uid i32 │ gid i32 │ path                        —
 *  19 UTIMES      atime i64 │ mtime i64 │ path (epoch seconds)    —
 *  20 FSYNC       fd i32                                          —                            EBADF EIO
 *  21 SYNC        —                                               —                            EIO
 *  22 STATFS      path                                            bsize i32 │ blocks i64 │ free i64 │ avail i64 │ inodes i64 │
 *                                                                   ifree i64 │ namemax i32 │ label
 *  23 MOUNT       ro i32 │ source │ type │ path                   —                            EBUSY ENODEV→ENOTSUP EUCLEAN
 *  24 UMOUNT      path                                            —                            EBUSY EINVAL (not a mount point)
 *  25 MOUNTS      skip i32                                        n i32 │ n × (source │ type │ path │ ro i32)
 *
 *   stat: ino i64 │ kind i32 │ mode i32 │ uid i32 │ gid i32 │ size i64 │ links i32 │ blocks512 i64 │ atime i64 │ mtime i64 │ ctime i64
 *   flags: {@link #O_READ} {@link #O_WRITE} {@link #O_CREATE} {@link #O_EXCL} {@link #O_TRUNC} {@link #O_APPEND} {@link #O_DIRECTORY}
 *   fd: the server's descriptor for this channel; fds carry a per-server-instance tag, so an fd from before a
 *       restart is EBADF on the new server, never another file.
 *   a request that does not fit one message: ENAMETOOLONG at the client; malformed: EINVAL; unknown label: ENOTSUP.
 * </pre>
 *
 * Idempotent (a client resends them across a server restart): everything but OPEN with O_EXCL, WRITE on an
 * O_APPEND descriptor, MKDIR, RMDIR, UNLINK, RENAME, SYMLINK, MOUNT and UMOUNT ({@link #idempotent}).
 *
 * <p>Thread safety: stateless; the records are immutable.
 */
public final class FsProtocol {
    public static final int ATTACH = 1, OPEN = 2, READ = 3, WRITE = 4, CLOSE = 5, STAT = 6, LSTAT = 7, FSTAT = 8,
        MKDIR = 9, RMDIR = 10, UNLINK = 11, RENAME = 12, READDIR = 13, TRUNCATE = 14, SYMLINK = 15, READLINK = 16,
        CHMOD = 17, CHOWN = 18, UTIMES = 19, FSYNC = 20, SYNC = 21, STATFS = 22, MOUNT = 23, UMOUNT = 24, MOUNTS = 25;

    public static final int O_READ = 1, O_WRITE = 2, O_CREATE = 4, O_EXCL = 8, O_TRUNC = 16, O_APPEND = 32, O_DIRECTORY = 64;
    static final int ALL_FLAGS = 127;
    /** "No descriptor: use the path" in READDIR and TRUNCATE. */
    public static final int NO_FD = -1;

    private FsProtocol() {}

    /** A decoded, validated request. */
    public sealed interface Request {}

    public record Attach(int dataspace) implements Request {}
    public record Open(String path, int flags, int mode) implements Request {}
    /** READ or WRITE {@code length} bytes at file {@code offset}, into or out of the buffer at {@code bufferOffset}. */
    public record Io(boolean write, int fd, long offset, int length, long bufferOffset) implements Request {}
    public record Close(int fd) implements Request {}
    /** STAT (follow = true) or LSTAT. */
    public record Stat(String path, boolean follow) implements Request {}
    public record Fstat(int fd) implements Request {}
    public record Mkdir(String path, int mode) implements Request {}
    public record Rmdir(String path) implements Request {}
    public record Unlink(String path) implements Request {}
    public record Rename(String from, String to) implements Request {}
    /** By descriptor, or by path when {@code fd} is {@link #NO_FD}. */
    public record ReadDir(int fd, String path, long cookie) implements Request {}
    public record Truncate(int fd, String path, long size) implements Request {}
    public record Symlink(String target, String path) implements Request {}
    public record Readlink(String path) implements Request {}
    public record Chmod(String path, int mode) implements Request {}
    public record Chown(String path, int uid, int gid) implements Request {}
    public record Utimes(String path, long atime, long mtime) implements Request {}
    public record Fsync(int fd) implements Request {}
    public record Sync() implements Request {}
    public record StatFs(String path) implements Request {}
    public record Mount(String source, String type, String path, boolean readOnly) implements Request {}
    public record Umount(String path) implements Request {}
    public record Mounts(int skip) implements Request {}

    /** Whether carrying {@code r} out twice is the same as once (so it may be resent after a restart). */
    public static boolean idempotent(Request r, boolean appendDescriptor) {
        return switch (r) {
            case Open o -> (o.flags() & O_EXCL) == 0;
            case Io io -> !io.write() || !appendDescriptor;
            case Mkdir x -> false;
            case Rmdir x -> false;
            case Unlink x -> false;
            case Rename x -> false;
            case Symlink x -> false;
            case Mount x -> false;
            case Umount x -> false;
            default -> true;
        };
    }

    /** Encodes {@code r} into {@code m}; ENAMETOOLONG when its strings do not fit one message. */
    public static FsResult<Message> encode(Request r, Message m) {
        FsWire.Writer w = switch (r) {
            case Attach a -> new FsWire.Writer(m, ATTACH).i32(a.dataspace());
            case Open o -> new FsWire.Writer(m, OPEN).i32(o.flags()).i32(o.mode()).str(o.path());
            case Io io -> new FsWire.Writer(m, io.write() ? WRITE : READ).i32(io.fd()).i64(io.offset()).i32(io.length()).i64(io.bufferOffset());
            case Close c -> new FsWire.Writer(m, CLOSE).i32(c.fd());
            case Stat s -> new FsWire.Writer(m, s.follow() ? STAT : LSTAT).str(s.path());
            case Fstat f -> new FsWire.Writer(m, FSTAT).i32(f.fd());
            case Mkdir d -> new FsWire.Writer(m, MKDIR).i32(d.mode()).str(d.path());
            case Rmdir d -> new FsWire.Writer(m, RMDIR).str(d.path());
            case Unlink u -> new FsWire.Writer(m, UNLINK).str(u.path());
            case Rename n -> new FsWire.Writer(m, RENAME).str(n.from()).str(n.to());
            case ReadDir d -> new FsWire.Writer(m, READDIR).i32(d.fd()).i64(d.cookie()).str(d.path());
            case Truncate t -> new FsWire.Writer(m, TRUNCATE).i32(t.fd()).i64(t.size()).str(t.path());
            case Symlink s -> new FsWire.Writer(m, SYMLINK).str(s.target()).str(s.path());
            case Readlink l -> new FsWire.Writer(m, READLINK).str(l.path());
            case Chmod c -> new FsWire.Writer(m, CHMOD).i32(c.mode()).str(c.path());
            case Chown c -> new FsWire.Writer(m, CHOWN).i32(c.uid()).i32(c.gid()).str(c.path());
            case Utimes u -> new FsWire.Writer(m, UTIMES).i64(u.atime()).i64(u.mtime()).str(u.path());
            case Fsync f -> new FsWire.Writer(m, FSYNC).i32(f.fd());
            case Sync s -> new FsWire.Writer(m, SYNC);
            case StatFs s -> new FsWire.Writer(m, STATFS).str(s.path());
            case Mount x -> new FsWire.Writer(m, MOUNT).i32(x.readOnly() ? 1 : 0).str(x.source()).str(x.type()).str(x.path());
            case Umount u -> new FsWire.Writer(m, UMOUNT).str(u.path());
            case Mounts x -> new FsWire.Writer(m, MOUNTS).i32(x.skip());
        };
        return w.ok() ? FsResult.ok(m) : FsResult.error(FsError.ENAMETOOLONG);
    }

    /** Decodes and checks a request: EINVAL when malformed (or a path is not absolute), ENOTSUP for an unknown label. */
    public static FsResult<Request> decode(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        Request r = switch (m.label()) {
            case ATTACH -> new Attach(in.i32());
            case OPEN -> open(in);
            case READ, WRITE -> new Io(m.label() == WRITE, in.i32(), in.i64(), in.i32(), in.i64());
            case CLOSE -> new Close(in.i32());
            case STAT, LSTAT -> new Stat(path(in), m.label() == STAT);
            case FSTAT -> new Fstat(in.i32());
            case MKDIR -> mkdir(in);
            case RMDIR -> new Rmdir(path(in));
            case UNLINK -> new Unlink(path(in));
            case RENAME -> new Rename(path(in), path(in));
            case READDIR -> readDir(in);
            case TRUNCATE -> truncate(in);
            case SYMLINK -> new Symlink(target(in), path(in));
            case READLINK -> new Readlink(path(in));
            case CHMOD -> chmod(in);
            case CHOWN -> chown(in);
            case UTIMES -> utimes(in);
            case FSYNC -> new Fsync(in.i32());
            case SYNC -> new Sync();
            case STATFS -> new StatFs(path(in));
            case MOUNT -> mount(in);
            case UMOUNT -> new Umount(path(in));
            case MOUNTS -> new Mounts(in.i32());
            default -> null;
        };
        if (r == null) return FsResult.error(FsError.ENOTSUP);
        if (!in.done() || !valid(r)) return FsResult.error(FsError.EINVAL);
        return FsResult.ok(r);
    }

    // Java evaluates arguments left to right, so "new Rename(path(in), path(in))" reads the fields in wire order;
    // the helpers below exist where a record's component order differs from the wire's.

    private static Request open(FsWire.Reader in) {
        int flags = in.i32(), mode = in.i32();
        return new Open(path(in), flags, mode);
    }

    private static Request mkdir(FsWire.Reader in) {
        int mode = in.i32();
        return new Mkdir(path(in), mode);
    }

    private static Request readDir(FsWire.Reader in) {
        int fd = in.i32();
        long cookie = in.i64();
        return new ReadDir(fd, fd == NO_FD ? path(in) : in.str(), cookie);
    }

    private static Request truncate(FsWire.Reader in) {
        int fd = in.i32();
        long size = in.i64();
        return new Truncate(fd, fd == NO_FD ? path(in) : in.str(), size);
    }

    private static Request chmod(FsWire.Reader in) {
        int mode = in.i32();
        return new Chmod(path(in), mode);
    }

    private static Request chown(FsWire.Reader in) {
        int uid = in.i32(), gid = in.i32();
        return new Chown(path(in), uid, gid);
    }

    private static Request utimes(FsWire.Reader in) {
        long atime = in.i64(), mtime = in.i64();
        return new Utimes(path(in), atime, mtime);
    }

    private static Request mount(FsWire.Reader in) {
        int ro = in.i32();
        String source = in.str(), type = in.str();
        return new Mount(source, type, path(in), ro != 0);
    }

    /** A path: absolute (an empty or relative one reads as "" and fails {@link #valid}). */
    private static String path(FsWire.Reader in) {
        String p = in.str();
        return p.startsWith("/") ? p : "";
    }

    private static String target(FsWire.Reader in) { return in.str(); }

    /** Field checks beyond the layout. */
    private static boolean valid(Request r) {
        return switch (r) {
            case Open o -> (o.flags() & ~ALL_FLAGS) == 0 && (o.mode() & ~07777) == 0 && !o.path().isEmpty();
            case Io io -> io.offset() >= 0 && io.length() >= 0 && io.bufferOffset() >= 0;
            case Stat s -> !s.path().isEmpty();
            case Mkdir d -> (d.mode() & ~07777) == 0 && !d.path().isEmpty();
            case Rmdir d -> !d.path().isEmpty();
            case Unlink u -> !u.path().isEmpty();
            case Rename n -> !n.from().isEmpty() && !n.to().isEmpty();
            case ReadDir d -> d.fd() == NO_FD ? !d.path().isEmpty() : d.fd() >= 0 && d.path().isEmpty();
            case Truncate t -> t.size() >= 0 && (t.fd() == NO_FD ? !t.path().isEmpty() : t.fd() >= 0 && t.path().isEmpty());
            case Symlink s -> !s.target().isEmpty() && !s.path().isEmpty();
            case Readlink l -> !l.path().isEmpty();
            case Chmod c -> (c.mode() & ~07777) == 0 && !c.path().isEmpty();
            case Chown c -> !c.path().isEmpty();
            case Utimes u -> !u.path().isEmpty();
            case StatFs s -> !s.path().isEmpty();
            case Mount x -> !x.type().isEmpty() && !x.path().isEmpty();
            case Umount u -> !u.path().isEmpty();
            case Mounts x -> x.skip() >= 0;
            case Attach a -> true;
            case Close c -> true;
            case Fstat f -> true;
            case Fsync f -> true;
            case Sync s -> true;
        };
    }
}
