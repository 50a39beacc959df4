package dev.kernite.fs;

import dev.kernite.abi.Status;
import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.WaitMode;
import dev.kernite.runtime.fs.FsProtocol;
import dev.kernite.runtime.fs.FsReplies;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The file server (endpoint {@code fs}, protocol {@link FsProtocol}): the VFS over ext2 on the block driver for
 * "/" and tmpfs for "/tmp". One thread receives, decodes, dispatches and replies (MINIX's skeleton); it also ends
 * the sessions of clients that went away, every {@link #SWEEP}.
 *
 * <p>Arguments: {@code ROOT-TYPE SOURCE} — {@code ext2 blk} (the boot disk through the block driver {@code blk};
 * a blank disk is formatted, a disk that is neither blank nor ext2 is refused) or {@code tmpfs tmpfs}, then options:
 * {@code cache=SIZE}, each ext2 mount's page cache ({@link Config}).
 *
 * <p>Shutdown: rs stops the server with SIGTERM; the shutdown hook takes {@link #lock} (so no request is half
 * done), writes everything back and closes every file system (ext2 marked clean). SYNC writes back without closing.
 *
 * <p>Thread safety: one dispatch thread and the shutdown hook, under {@link #lock}. Locking: {@link #lock} guards the VFS, the mount table and the sessions; the dispatch thread holds it for one
 * request at a time, the shutdown hook once. Nothing else touches them.
 */
public final class FileServer {
    static final Duration SWEEP = Duration.ofSeconds(1);
    /** Size of the tmpfs on /tmp (and of any tmpfs mounted later). */
    static final long TMPFS_BYTES = 16 << 20;

    private final Server server;
    private final Vfs vfs;
    private final Sessions sessions;
    private final Dispatch dispatch;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean down;                                         // guarded by lock

    FileServer(Server server, Vfs vfs, Sessions sessions) {
        this.server = server;
        this.vfs = vfs;
        this.sessions = sessions;
        this.dispatch = new Dispatch(vfs, sessions);
    }

    public static void main(String[] args) {
        Env env = Env.connect();
        Config config = Config.parse(args);
        String rootType = config.rootType(), source = config.source();
        Backends backends = new Backends(env, config.cacheBytes());
        MountTable table = new MountTable(backends::open);
        FsResult<FsBackend> root = backends.open(source, rootType, false);
        if (root.ok()) {
            table.mountRoot(source, rootType, false, root.value());
        } else {
            // Exiting would only have rs restart us into the same refusal, and fail the boot: serve on instead
            System.err.println("fs: cannot mount " + rootType + " " + source + " on /: " + root.error().describe()
                + "; serving an empty read-only root (with a tmpfs on /tmp) so the rest of the system runs on");
            TmpFs empty = new TmpFs(0);
            empty.mkdir(TmpFs.ROOT, "tmp", 01777, 0, 0);
            table.mountRoot("none", "tmpfs", true, empty);
        }
        Vfs vfs = new Vfs(table);
        mountTmp(vfs);
        Server server = env.serve("fs").orElseThrow();
        server.setWaitMode(WaitMode.YIELD); // a spinning receive holds a core the client (and blk, the device) need
        FileServer fs = new FileServer(server, vfs, new Sessions(env, server, (int) (System.nanoTime() ^ env.pid())));
        Runtime.getRuntime().addShutdownHook(new Thread(fs::shutdown, "fs-shutdown"));
        System.err.println("fs: serving, " + table.list().size() + " file system(s) mounted: " + table.list());
        fs.serve();
    }

    /** /tmp is a tmpfs: made on the root file system when missing. */
    private static void mountTmp(Vfs vfs) {
        FsResult<Void> made = vfs.mkdir("/tmp", 01777, 0, 0);
        FsResult<Void> r = made.ok() || made.error() == FsError.EEXIST || made.error() == FsError.EROFS ? vfs.mount("tmpfs", "tmpfs", "/tmp", false) : made;
        if (!r.ok()) System.err.println("fs: no tmpfs on /tmp: " + r.error().describe());
    }

    /** The loop: receive, decode, dispatch, reply; sweep closed sessions now and then. */
    private void serve() {
        Message m = new Message();
        long lastSweep = System.nanoTime();
        while (true) {
            Status s = server.receive(m, SWEEP);
            if (System.nanoTime() - lastSweep >= SWEEP.toNanos()) {
                locked(() -> sessions.sweep(f -> vfs.mounts.release(f.node())));
                lastSweep = System.nanoTime();
            }
            if (s == Status.TIMED_OUT || s == Status.WOULD_BLOCK) continue;
            if (s != Status.OK) {
                System.err.println("fs: receive: " + s);
                continue;
            }
            if (!m.expectsReply()) continue;
            locked(() -> handle(m));
            server.reply(m);
        }
    }

    /** Decodes and carries out one request, leaving the reply in {@code m}. Caller holds the lock. */
    private void handle(Message m) {
        FsResult<FsProtocol.Request> r = FsProtocol.decode(m);
        Sessions.Session session = sessions.of(server.channelOf(m));
        if (down) FsReplies.error(m, FsError.EIO);
        else if (!r.ok()) FsReplies.error(m, r.error());
        else if (session == null) FsReplies.error(m, FsError.ENOMEM);
        else {
            try {
                dispatch.handle(session, r.value(), m);
            } catch (RuntimeException e) { // a bug in a file system: this request fails, the server serves on
                System.err.println("fs: " + r.value() + ": " + e);
                e.printStackTrace();
                FsReplies.error(m, FsError.EIO);
            }
        }
    }

    private void locked(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }

    /** SIGTERM: write everything back, close the file systems (clean), refuse what comes after. */
    private void shutdown() {
        locked(() -> {
            if (down) return;
            down = true;
            sessions.forEachFile(f -> vfs.mounts.release(f.node()));
            vfs.mounts.closeAll();
            System.err.println("fs: file systems written back and closed");
        });
    }
}
