package dev.kernite.runtime.fs;

import static dev.kernite.runtime.fs.FsExceptions.check;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code java.nio.file.Files} for Kernite's file server: the same verbs over an {@link FsClient}, paths as absolute
 * strings, errors thrown as the IOExceptions java.nio throws ({@link FsExceptions}).
 *
 * <pre>
 *   KFiles files = new KFiles(FsClient.connect(env).orElseThrow());
 *   files.write("/tmp/hello", "hi\n".getBytes());
 *   byte[] back = files.readAllBytes("/tmp/hello");
 *   try (FsChannel ch = files.newByteChannel("/log", StandardOpenOption.APPEND, StandardOpenOption.CREATE)) { … }
 * </pre>
 *
 * <p>Thread safety: thread-safe as its {@link FsClient} is.
 */
public final class KFiles {
    /** Mode of files and directories these helpers create: rw-r--r-- and rwxr-xr-x. */
    public static final int FILE_MODE = 0644, DIR_MODE = 0755;

    private final FsClient fs;

    public KFiles(FsClient fs) {
        this.fs = fs;
    }

    public FsClient client() { return fs; }

    /** Opens a channel; options as {@code Files.newByteChannel} (READ when none of READ, WRITE, APPEND is given). */
    public FsChannel newByteChannel(String path, OpenOption... options) throws IOException {
        return FsChannel.open(fs, path, flags(Set.of(options)), FILE_MODE);
    }

    public InputStream newInputStream(String path) throws IOException {
        return Channels.newInputStream(newByteChannel(path, StandardOpenOption.READ));
    }

    /** As {@code Files.newOutputStream}: CREATE, TRUNCATE_EXISTING and WRITE when no options are given. */
    public OutputStream newOutputStream(String path, OpenOption... options) throws IOException {
        OpenOption[] o = options.length > 0 ? options
            : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE};
        Set<OpenOption> set = new java.util.HashSet<>(Set.of(o));
        set.add(StandardOpenOption.WRITE);
        return Channels.newOutputStream(FsChannel.open(fs, path, flags(set), FILE_MODE));
    }

    public byte[] readAllBytes(String path) throws IOException {
        try (FsChannel ch = newByteChannel(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("file too large for a byte array: " + path);
            byte[] out = new byte[(int) size];
            int n = check(fs.read(fdOf(ch), 0, MemorySegment.ofArray(out)), path);
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        }
    }

    public String readString(String path) throws IOException {
        return new String(readAllBytes(path), StandardCharsets.UTF_8);
    }

    /** As {@code Files.write}: CREATE, TRUNCATE_EXISTING and WRITE when no options are given. */
    public void write(String path, byte[] bytes, OpenOption... options) throws IOException {
        try (OutputStream out = newOutputStream(path, options)) {
            out.write(bytes);
        }
    }

    public void writeString(String path, String text, OpenOption... options) throws IOException {
        write(path, text.getBytes(StandardCharsets.UTF_8), options);
    }

    public void createDirectory(String path) throws IOException { check(fs.mkdir(path, DIR_MODE), path); }

    /** Creates a directory and any missing parents; nothing when it exists. */
    public void createDirectories(String path) throws IOException {
        String at = "";
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            at += "/" + part;
            FsResult<Void> r = fs.mkdir(at, DIR_MODE);
            if (!r.ok() && r.error() != FsError.EEXIST) check(r, at);
        }
        if (!isDirectory(path)) throw FsExceptions.of(FsError.ENOTDIR, path, null);
    }

    /** Creates an empty file; FileAlreadyExistsException when there is one. */
    public void createFile(String path) throws IOException {
        newByteChannel(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    }

    /** Deletes a file, a symbolic link or an empty directory. */
    public void delete(String path) throws IOException {
        FileStat s = check(fs.lstat(path), path);
        check(s.isDirectory() ? fs.rmdir(path) : fs.unlink(path), path);
    }

    public boolean deleteIfExists(String path) throws IOException {
        try {
            delete(path);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Renames {@code from} to {@code to} (replacing it, as rename(2) does), within one mounted file system. */
    public void move(String from, String to) throws IOException {
        FsResult<Void> r = fs.rename(from, to);
        if (!r.ok()) throw FsExceptions.of(r.error(), from, to);
    }

    /** The names in a directory, without "." and "..". */
    public List<String> list(String path) throws IOException {
        List<String> names = new ArrayList<>();
        for (Dirent d : readDirectory(path)) if (!d.name().equals(".") && !d.name().equals("..")) names.add(d.name());
        return names;
    }

    /** Every entry of a directory, "." and ".." included, page by page. */
    public List<Dirent> readDirectory(String path) throws IOException {
        List<Dirent> all = new ArrayList<>();
        long cookie = 0;
        while (true) {
            DirPage p = check(fs.readdir(path, cookie), path);
            all.addAll(p.entries());
            if (p.end()) return all;
            cookie = p.nextCookie();
        }
    }

    public void createSymbolicLink(String link, String target) throws IOException { check(fs.symlink(target, link), link); }

    public String readSymbolicLink(String path) throws IOException { return check(fs.readlink(path), path); }

    public long size(String path) throws IOException { return getAttributes(path).size(); }

    /** Attributes, following symbolic links. */
    public FileStat getAttributes(String path) throws IOException { return check(fs.stat(path), path); }

    /** Attributes of a symbolic link itself. */
    public FileStat getLinkAttributes(String path) throws IOException { return check(fs.lstat(path), path); }

    public boolean exists(String path) { return fs.stat(path).ok(); }

    public boolean isDirectory(String path) {
        FsResult<FileStat> s = fs.stat(path);
        return s.ok() && s.value().isDirectory();
    }

    public boolean isRegularFile(String path) {
        FsResult<FileStat> s = fs.stat(path);
        return s.ok() && s.value().isRegularFile();
    }

    public void setPermissions(String path, int mode) throws IOException { check(fs.chmod(path, mode), path); }

    public void setOwner(String path, int uid, int gid) throws IOException { check(fs.chown(path, uid, gid), path); }

    /** Sets the modification time (and the access time to the same), in seconds since the epoch. */
    public void setLastModifiedTime(String path, long epochSeconds) throws IOException {
        check(fs.utimes(path, epochSeconds, epochSeconds), path);
    }

    /** FsProtocol open flags for java.nio open options. */
    static int flags(Set<? extends OpenOption> options) {
        int f = 0;
        for (OpenOption o : options) {
            if (!(o instanceof StandardOpenOption s)) throw new UnsupportedOperationException("option " + o);
            f |= switch (s) {
                case READ -> FsProtocol.O_READ;
                case WRITE -> FsProtocol.O_WRITE;
                case APPEND -> FsProtocol.O_WRITE | FsProtocol.O_APPEND;
                case CREATE -> FsProtocol.O_CREATE;
                case CREATE_NEW -> FsProtocol.O_CREATE | FsProtocol.O_EXCL;
                case TRUNCATE_EXISTING -> FsProtocol.O_TRUNC;
                case DSYNC, SYNC, SPARSE, DELETE_ON_CLOSE -> 0;
            };
        }
        if ((f & (FsProtocol.O_READ | FsProtocol.O_WRITE)) == 0) f |= FsProtocol.O_READ;
        if ((f & FsProtocol.O_WRITE) == 0) f &= ~(FsProtocol.O_CREATE | FsProtocol.O_EXCL | FsProtocol.O_TRUNC);
        return f;
    }

    private static int fdOf(FsChannel ch) { return ch.fd(); }
}
