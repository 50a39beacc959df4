package dev.kernite.runtime.fs;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.ServiceClient;
import dev.kernite.runtime.WaitMode;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A client of the file server ({@code fs}), at the level of its protocol ({@link FsProtocol}): every operation
 * returns an {@link FsResult}. {@link KFiles} and {@link FsChannel} put a java.nio-like face on it.
 *
 * <p>Data moves through a buffer dataspace the client owns and grants to the server once per connection; a READ
 * or WRITE larger than the buffer goes in several requests. Descriptors are the client's own numbers, mapped to
 * the server's; positions are the caller's (every READ and WRITE carries its file offset).
 *
 * <p>Recovery: when the server restarts, the {@link ServiceClient} reconnects and this client, before anything is
 * resent, grants and attaches its buffer again and reopens every open file by path (without create or truncate).
 * A file that is gone, or is another file now (another inode), leaves its descriptor stale: every later use is
 * ESTALE. Idempotent requests are then resent (one that named an old descriptor is re-encoded with the new one:
 * server descriptors carry a per-instance tag, so the old number is EBADF, never another file). A request that
 * must not run twice ({@link FsProtocol#idempotent}) and that the dead server had taken is ECANCELED. A server that
 * stays away past the deadline is EIO.
 *
 * <p>Waiting: a call waits for its reply by yielding ({@link WaitMode#YIELD}), not spinning: the server's work often
 * goes on to the block driver and the device, which need the cores (on 2 cores this made small-file operations
 * ~1.5x as fast and sequential I/O faster, {@code ./kernite bench fs}).
 *
 * <p>Thread safety: thread-safe; one request at a time (use several clients for parallel I/O — each has its own
 * buffer).
 */
public final class FsClient implements AutoCloseable {
    /** The file server's service name. */
    public static final String SERVICE = "fs";
    public static final long DEFAULT_BUFFER = 256 << 10;
    private static final Duration SETUP_CALL = Duration.ofSeconds(10);

    /** An open file as the client knows it: enough to open it again on a new server. */
    private static final class OpenFile {
        final String path;
        final int flags;
        final long ino;
        int serverFd;
        boolean stale;

        OpenFile(String path, int flags, long ino, int serverFd) {
            this.path = path;
            this.flags = flags;
            this.ino = ino;
            this.serverFd = serverFd;
        }
    }

    private final Dataspace buffer;
    private final Message request = new Message();
    private final Message reply = new Message();
    private final Message setupMessage = new Message();
    private final Map<Integer, OpenFile> files = new HashMap<>();   // guarded by this
    private ServiceClient service;                                   // set once, in connect
    private int nextFd = 3;                                          // guarded by this

    private FsClient(Dataspace buffer) {
        this.buffer = buffer;
    }

    /** Connects to {@link #SERVICE} with a {@link #DEFAULT_BUFFER} buffer, waiting up to 30 s for the server. */
    public static Result<FsClient> connect(Env env) {
        return connect(env, SERVICE, DEFAULT_BUFFER, ServiceClient.DEFAULT_DEADLINE);
    }

    /** Allocates a buffer of {@code bufferBytes} (charged to this process) and connects to the server {@code name}. */
    public static Result<FsClient> connect(Env env, String name, long bufferBytes, Duration deadline) {
        Result<Dataspace> buf = env.allocate(bufferBytes);
        if (!buf.ok()) return Result.error(buf.status());
        FsClient c = new FsClient(buf.value());
        Result<ServiceClient> sc = ServiceClient.of(env, name, deadline, c::resume);
        if (!sc.ok()) {
            buf.value().close();
            return Result.error(sc.status());
        }
        c.service = sc.value();
        return Result.ok(c);
    }

    /** The session set-up on every new channel: attach the buffer, reopen the open files. Caller's thread holds this. */
    private Status resume(Client channel) {
        channel.setWaitMode(WaitMode.YIELD);
        Result<Integer> granted = buffer.grant(0, buffer.size(), Rights.READ | Rights.WRITE, channel.handle());
        if (!granted.ok()) return granted.status() == Status.CHANNEL_CLOSED ? Status.PEER_DIED : granted.status();
        Status s = setupCall(channel, new FsProtocol.Attach(granted.value()));
        if (s != Status.OK) return s;
        if (setupMessage.label() != 0) return Status.BAD_STATE;
        for (OpenFile f : files.values()) {
            if (f.stale) continue;
            int flags = f.flags & ~(FsProtocol.O_CREATE | FsProtocol.O_EXCL | FsProtocol.O_TRUNC);
            s = setupCall(channel, new FsProtocol.Open(f.path, flags, 0));
            if (s != Status.OK) return s;
            FsResult<FsReplies.Opened> o = setupMessage.label() == 0 ? FsReplies.decodeOpened(setupMessage) : FsResult.error(FsError.ENOENT);
            if (o.ok() && o.value().ino() == f.ino) f.serverFd = o.value().fd();
            else f.stale = true;
        }
        return Status.OK;
    }

    private Status setupCall(Client channel, FsProtocol.Request r) {
        FsProtocol.encode(r, setupMessage);
        return channel.call(setupMessage, setupMessage, SETUP_CALL);
    }

    // ---------------------------------------------------------------- descriptors

    /** Opens (or creates) {@code path}; flags from {@link FsProtocol} ({@code O_READ} …), mode for a new file. */
    public synchronized FsResult<Integer> open(String path, int flags, int mode) {
        FsResult<Message> r = call(new FsProtocol.Open(path, flags, mode));
        if (!r.ok()) return r.cast();
        FsResult<FsReplies.Opened> o = FsReplies.decodeOpened(r.value());
        if (!o.ok()) return o.cast();
        int fd = nextFd++;
        files.put(fd, new OpenFile(path, flags, o.value().ino(), o.value().fd()));
        return FsResult.ok(fd);
    }

    /** Closes a descriptor (also a stale one). */
    public synchronized FsResult<Void> close(int fd) {
        OpenFile f = files.get(fd);
        if (f == null) return FsResult.error(FsError.EBADF);
        FsResult<Message> r = f.stale ? FsResult.ok(reply) : fdCall(fd, FsProtocol.Close::new);
        files.remove(fd);
        return r.ok() || r.error() == FsError.EBADF ? FsResult.done() : r.cast();
    }

    /** Reads up to {@code into.byteSize()} bytes at {@code offset}; how many (fewer only at the end of the file). */
    public synchronized FsResult<Integer> read(int fd, long offset, MemorySegment into) {
        long done = 0, want = into.byteSize();
        while (done < want) {
            int chunk = (int) Math.min(want - done, buffer.size());
            long at = offset + done;
            FsResult<Message> r = fdCall(fd, sfd -> new FsProtocol.Io(false, sfd, at, chunk, 0));
            FsResult<Integer> n = r.ok() ? FsReplies.decodeCount(r.value()) : r.cast();
            if (!n.ok()) return done > 0 ? FsResult.ok((int) done) : n;
            MemorySegment.copy(buffer.segment(), 0, into, done, Math.min(n.value(), chunk));
            done += n.value();
            if (n.value() < chunk) break;
        }
        return FsResult.ok((int) done);
    }

    /** Writes all of {@code from} at {@code offset} (at the end, for a descriptor opened with O_APPEND). */
    public synchronized FsResult<Integer> write(int fd, long offset, MemorySegment from) {
        long done = 0, want = from.byteSize();
        while (done < want) {
            int chunk = (int) Math.min(want - done, buffer.size());
            long at = offset + done;
            MemorySegment.copy(from, done, buffer.segment(), 0, chunk);
            FsResult<Message> r = fdCall(fd, sfd -> new FsProtocol.Io(true, sfd, at, chunk, 0));
            FsResult<Integer> n = r.ok() ? FsReplies.decodeCount(r.value()) : r.cast();
            if (!n.ok()) return done > 0 ? FsResult.ok((int) done) : n;
            done += n.value();
            if (n.value() < chunk) break;
        }
        return FsResult.ok((int) done);
    }

    public synchronized FsResult<FileStat> fstat(int fd) {
        return fdCall(fd, FsProtocol.Fstat::new).then(FsReplies::decodeStat);
    }

    public synchronized FsResult<Void> truncate(int fd, long size) {
        return fdCall(fd, sfd -> new FsProtocol.Truncate(sfd, "", size)).map(m -> null);
    }

    /** Makes the file's data and metadata durable on the disk. */
    public synchronized FsResult<Void> fsync(int fd) {
        return fdCall(fd, FsProtocol.Fsync::new).map(m -> null);
    }

    public synchronized FsResult<DirPage> readdir(int fd, long cookie) {
        return fdCall(fd, sfd -> new FsProtocol.ReadDir(sfd, "", cookie)).then(FsReplies::decodeDirPage);
    }

    // ---------------------------------------------------------------- paths

    public synchronized FsResult<FileStat> stat(String path) { return call(new FsProtocol.Stat(path, true)).then(FsReplies::decodeStat); }

    /** As {@link #stat}, but a symbolic link at the end of the path is described itself, not followed. */
    public synchronized FsResult<FileStat> lstat(String path) { return call(new FsProtocol.Stat(path, false)).then(FsReplies::decodeStat); }

    public synchronized FsResult<Void> mkdir(String path, int mode) { return done(call(new FsProtocol.Mkdir(path, mode))); }

    public synchronized FsResult<Void> rmdir(String path) { return done(call(new FsProtocol.Rmdir(path))); }

    public synchronized FsResult<Void> unlink(String path) { return done(call(new FsProtocol.Unlink(path))); }

    public synchronized FsResult<Void> rename(String from, String to) { return done(call(new FsProtocol.Rename(from, to))); }

    /** A page of the directory at {@code path}, from {@code cookie} (0 for the first page). */
    public synchronized FsResult<DirPage> readdir(String path, long cookie) {
        return call(new FsProtocol.ReadDir(FsProtocol.NO_FD, path, cookie)).then(FsReplies::decodeDirPage);
    }

    public synchronized FsResult<Void> truncate(String path, long size) {
        return done(call(new FsProtocol.Truncate(FsProtocol.NO_FD, path, size)));
    }

    /** Creates a symbolic link at {@code path} that points to {@code target}. */
    public synchronized FsResult<Void> symlink(String target, String path) { return done(call(new FsProtocol.Symlink(target, path))); }

    public synchronized FsResult<String> readlink(String path) { return call(new FsProtocol.Readlink(path)).then(FsReplies::decodeText); }

    public synchronized FsResult<Void> chmod(String path, int mode) { return done(call(new FsProtocol.Chmod(path, mode))); }

    public synchronized FsResult<Void> chown(String path, int uid, int gid) { return done(call(new FsProtocol.Chown(path, uid, gid))); }

    /** Sets access and modification times, in seconds since the epoch. */
    public synchronized FsResult<Void> utimes(String path, long atime, long mtime) {
        return done(call(new FsProtocol.Utimes(path, atime, mtime)));
    }

    /** Writes everything back to the disks. */
    public synchronized FsResult<Void> sync() { return done(call(new FsProtocol.Sync())); }

    public synchronized FsResult<FsStats> statfs(String path) { return call(new FsProtocol.StatFs(path)).then(FsReplies::decodeStatFs); }

    /** Mounts {@code source} (a block service such as {@code blk}, or {@code tmpfs}) of {@code type} at {@code path}. */
    public synchronized FsResult<Void> mount(String source, String type, String path, boolean readOnly) {
        return done(call(new FsProtocol.Mount(source, type, path, readOnly)));
    }

    public synchronized FsResult<Void> umount(String path) { return done(call(new FsProtocol.Umount(path))); }

    /** The mount table. */
    public synchronized FsResult<List<MountInfo>> mounts() {
        List<MountInfo> all = new java.util.ArrayList<>();
        while (true) {
            FsResult<List<MountInfo>> page = call(new FsProtocol.Mounts(all.size())).then(FsReplies::decodeMounts);
            if (!page.ok()) return page;
            if (page.value().isEmpty()) return FsResult.ok(all);
            all.addAll(page.value());
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** Requests resent after the server restarted. */
    public long retries() { return service.retries(); }

    /** Descriptors open now. */
    public synchronized int openFiles() { return files.size(); }

    private static FsResult<Void> done(FsResult<Message> r) { return r.ok() ? FsResult.done() : r.cast(); }

    /** One request on a descriptor, re-encoded when a restart gave the file a new server descriptor. */
    private FsResult<Message> fdCall(int fd, IntFunction<FsProtocol.Request> build) {
        for (int attempt = 0; ; attempt++) {
            OpenFile f = files.get(fd);
            if (f == null) return FsResult.error(FsError.EBADF);
            if (f.stale) return FsResult.error(FsError.ESTALE);
            long connections = service.connections();
            FsProtocol.Request r = build.apply(f.serverFd);
            FsResult<Message> res = call(r, FsProtocol.idempotent(r, (f.flags & FsProtocol.O_APPEND) != 0));
            boolean reconnected = service.connections() != connections;
            if (res.ok() || res.error() != FsError.EBADF || !reconnected || attempt >= 3) return res;
        }
    }

    private FsResult<Message> call(FsProtocol.Request r) { return call(r, FsProtocol.idempotent(r, false)); }

    private FsResult<Message> call(FsProtocol.Request r, boolean idempotent) {
        FsResult<Message> enc = FsProtocol.encode(r, request);
        if (!enc.ok()) return enc;
        Status s = service.call(request, reply, idempotent);
        if (s == Status.RETRY_UNSAFE) return FsResult.error(FsError.ECANCELED);
        if (s != Status.OK) return FsResult.error(FsError.EIO);
        FsError e = FsReplies.errorOf(reply);
        return e == null ? FsResult.ok(reply) : FsResult.error(e);
    }

    /** Closes the channel and frees the buffer; the server closes this client's files. */
    @Override
    public synchronized void close() {
        files.clear();
        service.close();
        buffer.close();
    }
}
