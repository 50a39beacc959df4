package dev.kernite.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.fs.DirPage;
import dev.kernite.runtime.fs.FsProtocol;
import dev.kernite.runtime.fs.FsProtocol.Request;
import dev.kernite.runtime.fs.FsReplies;
import dev.kernite.runtime.fs.MountInfo;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Carries out one decoded request for one client's session and builds its reply in the same message: the
 * handlers behind the file server's loop, one per operation, each small. Checks that need the session (the
 * descriptor, the attached buffer) are made here; path work is the {@link Vfs}'s.
 *
 * <p>Thread safety: not thread-safe; the dispatch thread (or the shutdown hook, under the server's lock).
 */
final class Dispatch {
    /** Owner of everything created: every caller is root for now. */
    private static final int UID = 0, GID = 0;
    /** Entries asked of a file system for one READDIR page (halved until the page fits a message). */
    private static final int DIR_BATCH = 64;

    private final Vfs vfs;
    private final Sessions sessions;

    Dispatch(Vfs vfs, Sessions sessions) {
        this.vfs = vfs;
        this.sessions = sessions;
    }

    /** Builds the reply to {@code r}, from {@code s}'s channel, in {@code m}. */
    Message handle(Sessions.Session s, Request r, Message m) {
        return switch (r) {
            case FsProtocol.Attach a -> reply(m, sessions.attach(s, a.dataspace()), FsReplies::size);
            case FsProtocol.Open o -> open(s, o, m);
            case FsProtocol.Io io -> io(s, io, m);
            case FsProtocol.Close c -> close(s, c.fd(), m);
            case FsProtocol.Stat st -> reply(m, vfs.resolve(st.path(), st.follow()).then(vfs::stat), FsReplies::stat);
            case FsProtocol.Fstat f -> withFile(s, f.fd(), m, file -> reply(m, vfs.stat(file.node()), FsReplies::stat));
            case FsProtocol.Mkdir d -> done(m, vfs.mkdir(d.path(), d.mode(), UID, GID));
            case FsProtocol.Rmdir d -> done(m, vfs.rmdir(d.path()));
            case FsProtocol.Unlink u -> done(m, vfs.unlink(u.path()));
            case FsProtocol.Rename n -> done(m, vfs.rename(n.from(), n.to()));
            case FsProtocol.ReadDir d -> d.fd() == FsProtocol.NO_FD
                ? readdir(vfs.resolve(d.path(), true), d.cookie(), m)
                : withFile(s, d.fd(), m, file -> readdir(FsResult.ok(file.node()), d.cookie(), m));
            case FsProtocol.Truncate t -> t.fd() == FsProtocol.NO_FD
                ? done(m, vfs.resolve(t.path(), true).then(n -> vfs.truncate(n, t.size())))
                : withFile(s, t.fd(), m, file -> (file.flags() & FsProtocol.O_WRITE) == 0
                    ? FsReplies.error(m, FsError.EINVAL) : done(m, vfs.truncate(file.node(), t.size())));
            case FsProtocol.Symlink l -> done(m, vfs.symlink(l.target(), l.path(), UID, GID));
            case FsProtocol.Readlink l -> reply(m, vfs.readlink(l.path()), FsReplies::text);
            case FsProtocol.Chmod c -> done(m, vfs.setattr(c.path(), c.mode(), null, null, null, null));
            case FsProtocol.Chown c -> done(m, vfs.setattr(c.path(), null, c.uid(), c.gid(), null, null));
            case FsProtocol.Utimes u -> done(m, vfs.setattr(u.path(), null, null, null, u.atime(), u.mtime()));
            case FsProtocol.Fsync f -> withFile(s, f.fd(), m, file -> done(m, vfs.fsync(file.node())));
            case FsProtocol.Sync x -> done(m, vfs.mounts.syncAll());
            case FsProtocol.StatFs x -> reply(m, vfs.statfs(x.path()), FsReplies::statFs);
            case FsProtocol.Mount x -> done(m, vfs.mount(x.source(), x.type(), x.path(), x.readOnly()));
            case FsProtocol.Umount u -> done(m, vfs.umount(u.path()));
            case FsProtocol.Mounts x -> mounts(x.skip(), m);
        };
    }

    private Message open(Sessions.Session s, FsProtocol.Open o, Message m) {
        FsResult<Vfs.Node> n = vfs.open(o.path(), o.flags(), o.mode(), UID, GID);
        if (!n.ok()) return FsReplies.error(m, n.error());
        FsResult<Integer> fd = sessions.add(s, new Sessions.OpenFile(n.value(), o.flags()));
        if (!fd.ok()) return FsReplies.error(m, fd.error());
        vfs.mounts.retain(n.value());
        return FsReplies.opened(m, fd.value(), n.value().ino());
    }

    private Message close(Sessions.Session s, int fd, Message m) {
        Sessions.OpenFile f = sessions.remove(s, fd);
        if (f == null) return FsReplies.error(m, FsError.EBADF);
        vfs.mounts.release(f.node());
        return FsReplies.ok(m);
    }

    /** READ or WRITE between a file and the session's buffer. */
    private Message io(Sessions.Session s, FsProtocol.Io io, Message m) {
        Sessions.OpenFile f = sessions.file(s, io.fd());
        int need = io.write() ? FsProtocol.O_WRITE : FsProtocol.O_READ;
        if (f == null || (f.flags() & need) == 0) return FsReplies.error(m, FsError.EBADF);
        if (s.buffer == null || s.buffer.isClosed() || io.bufferOffset() > s.buffer.size()
            || io.length() > s.buffer.size() - io.bufferOffset()) {
            return FsReplies.error(m, FsError.EINVAL);
        }
        MemorySegment range = s.buffer.segment().asSlice(io.bufferOffset(), io.length());
        FsResult<Integer> n = io.write() ? vfs.write(f.node(), f.flags(), io.offset(), range) : vfs.read(f.node(), io.offset(), range);
        return reply(m, n, FsReplies::count);
    }

    private Message readdir(FsResult<Vfs.Node> dir, long cookie, Message m) {
        if (!dir.ok()) return FsReplies.error(m, dir.error());
        for (int max = DIR_BATCH; max >= 1; max /= 2) {
            FsResult<DirPage> p = vfs.readdir(dir.value(), cookie, max);
            if (!p.ok()) return FsReplies.error(m, p.error());
            int bytes = p.value().entries().stream().mapToInt(FsReplies::direntSize).sum();
            if (bytes <= FsReplies.dirRoom()) return FsReplies.dirPage(m, p.value());
        }
        return FsReplies.error(m, FsError.EIO); // one entry never fits: cannot happen with names ≤ 255 bytes
    }

    /** MOUNTS from {@code skip}, as many as fit one reply. */
    private Message mounts(int skip, Message m) {
        List<MountInfo> all = vfs.mountList();
        List<MountInfo> page = all.subList(Math.min(skip, all.size()), all.size());
        int bytes = 4, n = 0;
        for (MountInfo i : page) {
            bytes += 10 + i.source().length() * 3 + i.type().length() * 3 + i.path().length() * 3;
            if (bytes > Message.MAX_PAYLOAD) break;
            n++;
        }
        return FsReplies.mounts(m, page.subList(0, n));
    }

    private Message withFile(Sessions.Session s, int fd, Message m, java.util.function.Function<Sessions.OpenFile, Message> op) {
        Sessions.OpenFile f = sessions.file(s, fd);
        return f == null ? FsReplies.error(m, FsError.EBADF) : op.apply(f);
    }

    private static Message done(Message m, FsResult<Void> r) {
        return r.ok() ? FsReplies.ok(m) : FsReplies.error(m, r.error());
    }

    private static <T> Message reply(Message m, FsResult<T> r, java.util.function.BiFunction<Message, T, Message> encode) {
        return r.ok() ? encode.apply(m, r.value()) : FsReplies.error(m, r.error());
    }

}
