package dev.kernite.shell.sys;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.fs.DirPage;
import dev.kernite.runtime.fs.Dirent;
import dev.kernite.runtime.fs.FileKind;
import dev.kernite.runtime.fs.FileStat;
import dev.kernite.runtime.fs.FsChannel;
import dev.kernite.runtime.fs.FsClient;
import dev.kernite.runtime.fs.FsExceptions;
import dev.kernite.runtime.fs.FsProtocol;
import dev.kernite.runtime.fs.MountInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link FileAccess} through the file server ({@code fs}): connected on the first file command, so a system whose
 * file server is down (or still starting) boots a shell anyway and its file commands say why they fail.
 *
 * <p>Thread safety: confined to the shell's thread.
 */
public final class FsFileAccess implements FileAccess {
    /** How long a file command waits for the file server to appear in names. */
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final long BUFFER = 256 << 10;

    private final Env env;
    private FsClient fs;
    private String problem;

    public FsFileAccess(Env env) {
        this.env = env;
    }

    @Override
    public String problem() { return problem; }

    /** The client, connecting on first use; null (and {@link #problem} says why) when the server is not there. */
    private FsClient fs() {
        if (fs != null) return fs;
        Result<FsClient> c = FsClient.connect(env, FsClient.SERVICE, BUFFER, CONNECT);
        if (!c.ok()) {
            problem = "no file server answered within " + CONNECT.toSeconds() + " s (" + c.status().description() + "); see svc list";
            return null;
        }
        problem = null;
        fs = c.value();
        return fs;
    }

    private static <T> FsResult<T> down() { return FsResult.error(FsError.EIO); }

    @Override
    public FsResult<Info> stat(String path) { return fs() == null ? down() : fs.stat(path).map(s -> info(path, s, null)); }

    @Override
    public FsResult<Info> lstat(String path) {
        if (fs() == null) return down();
        return fs.lstat(path).then(s -> s.isSymbolicLink() ? fs.readlink(path).map(t -> info(path, s, t)) : FsResult.ok(info(path, s, null)));
    }

    @Override
    public FsResult<List<Entry>> entries(String dir) {
        if (fs() == null) return down();
        List<Entry> out = new ArrayList<>();
        long cookie = 0;
        while (true) {
            FsResult<DirPage> page = fs.readdir(dir, cookie);
            if (!page.ok()) return page.cast();
            for (Dirent e : page.value().entries()) {
                if (!e.name().equals(".") && !e.name().equals("..")) out.add(new Entry(e.name(), type(e.kind())));
            }
            if (page.value().end()) return FsResult.ok(out);
            cookie = page.value().nextCookie();
        }
    }

    @Override
    public FsResult<List<Info>> list(String dir) {
        FsResult<List<Entry>> entries = entries(dir);
        if (!entries.ok()) return entries.cast();
        List<Info> out = new ArrayList<>();
        for (Entry e : entries.value()) {
            FsResult<Info> i = lstat(dir.endsWith("/") ? dir + e.name() : dir + "/" + e.name());
            if (i.ok()) out.add(i.value()); // an entry removed meanwhile is simply not listed
        }
        return FsResult.ok(out);
    }

    @Override
    public FsResult<InputStream> openRead(String path) {
        if (fs() == null) return down();
        try {
            return FsResult.ok(Channels.newInputStream(FsChannel.open(fs, path, FsProtocol.O_READ, 0)));
        } catch (IOException e) {
            return FsResult.error(FsExceptions.error(e));
        }
    }

    @Override
    public FsResult<OutputStream> openWrite(String path, boolean append) {
        if (fs() == null) return down();
        int flags = FsProtocol.O_WRITE | FsProtocol.O_CREATE | (append ? FsProtocol.O_APPEND : FsProtocol.O_TRUNC);
        try {
            return FsResult.ok(Channels.newOutputStream(FsChannel.open(fs, path, flags, 0644)));
        } catch (IOException e) {
            return FsResult.error(FsExceptions.error(e));
        }
    }

    @Override public FsResult<Void> mkdir(String path, int mode) { return fs() == null ? down() : fs.mkdir(path, mode); }

    @Override public FsResult<Void> rmdir(String path) { return fs() == null ? down() : fs.rmdir(path); }

    @Override public FsResult<Void> unlink(String path) { return fs() == null ? down() : fs.unlink(path); }

    @Override public FsResult<Void> rename(String from, String to) { return fs() == null ? down() : fs.rename(from, to); }

    @Override public FsResult<Void> chmod(String path, int mode) { return fs() == null ? down() : fs.chmod(path, mode); }

    @Override
    public FsResult<Void> touch(String path) {
        if (fs() == null) return down();
        long now = System.currentTimeMillis() / 1000;
        FsResult<Void> r = fs.utimes(path, now, now);
        if (r.ok() || r.error() != FsError.ENOENT) return r;
        FsResult<Integer> fd = fs.open(path, FsProtocol.O_WRITE | FsProtocol.O_CREATE, 0644);
        return fd.ok() ? fs.close(fd.value()) : fd.cast();
    }

    @Override
    public FsResult<List<Mount>> mounts() {
        if (fs() == null) return down();
        return fs.mounts().map(l -> l.stream().map(m -> new Mount(m.source(), m.type(), m.path(), m.readOnly())).toList());
    }

    @Override
    public FsResult<Void> mount(String source, String type, String path, boolean readOnly) {
        return fs() == null ? down() : fs.mount(source, type, path, readOnly);
    }

    @Override public FsResult<Void> umount(String path) { return fs() == null ? down() : fs.umount(path); }

    @Override
    public FsResult<Space> statfs(String path) {
        if (fs() == null) return down();
        return fs.statfs(path).map(s -> new Space(s.blockSize(), s.blocks(), s.freeBlocks(), s.availableBlocks(), s.inodes(), s.freeInodes()));
    }

    @Override public FsResult<Void> sync() { return fs() == null ? down() : fs.sync(); }

    private static Info info(String path, FileStat s, String target) {
        String name = path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
        return new Info(name, type(s.kind()), s.mode(), s.links(), s.uid(), s.gid(), s.size(), s.blocks512(), s.ino(), s.atime(), s.mtime(),
            s.ctime(), target);
    }

    private static Type type(FileKind k) {
        return switch (k) {
            case REGULAR -> Type.FILE;
            case DIRECTORY -> Type.DIRECTORY;
            case SYMLINK -> Type.SYMLINK;
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET -> Type.OTHER;
        };
    }
}
