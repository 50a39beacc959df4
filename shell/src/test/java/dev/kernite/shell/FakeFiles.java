package dev.kernite.shell;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.sys.FileAccess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory file tree behind {@link FileAccess}, for the file commands' tests: POSIX answers for the cases
 * the commands meet (ENOENT, ENOTDIR, EISDIR, EEXIST, ENOTEMPTY), one mount at "/", symbolic links followed by
 * {@link #stat} only at the last component.
 */
public final class FakeFiles implements FileAccess {
    private static final class Node {
        final Type type;
        final long ino;
        int mode;
        byte[] data = new byte[0];
        final Map<String, Node> children = new LinkedHashMap<>();
        String target;
        long time = 1_700_000_000L;

        Node(Type type, long ino, int mode) {
            this.type = type;
            this.ino = ino;
            this.mode = mode;
        }
    }

    private final Node root = new Node(Type.DIRECTORY, 2, 0755);
    private long nextIno = 11;
    public final List<Mount> mounted = new ArrayList<>(List.of(new Mount("blk0", "ext2", "/", false)));
    public int syncs;

    /** Puts a file with {@code text} at {@code path} (parents must exist). */
    public FakeFiles file(String path, String text) {
        openWrite(path, false).orElseThrow();
        node(path).data = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return this;
    }

    public FakeFiles dir(String path) {
        mkdir(path, 0755).orElseThrow();
        return this;
    }

    public FakeFiles symlink(String path, String target) {
        Node n = new Node(Type.SYMLINK, nextIno++, 0777);
        n.target = target;
        n.data = target.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        parent(path).children.put(name(path), n);
        return this;
    }

    /** The file's text, or null when there is no such file. */
    public String text(String path) {
        Node n = node(path);
        return n == null ? null : new String(n.data, java.nio.charset.StandardCharsets.UTF_8);
    }

    public boolean exists(String path) { return node(path) != null; }

    @Override public FsResult<Info> stat(String path) {
        Node n = node(path);
        if (n != null && n.type == Type.SYMLINK) n = node(resolveLink(path, n));
        return n == null ? FsResult.error(FsError.ENOENT) : FsResult.ok(info(name(path), n));
    }

    @Override public FsResult<Info> lstat(String path) {
        Node n = node(path);
        return n == null ? FsResult.error(FsError.ENOENT) : FsResult.ok(info(name(path), n));
    }

    @Override public FsResult<List<Entry>> entries(String dir) {
        return directory(dir).map(n -> n.children.entrySet().stream().map(e -> new Entry(e.getKey(), e.getValue().type)).toList());
    }

    @Override public FsResult<List<Info>> list(String dir) {
        FsResult<Node> d = directory(dir);
        return d.map(n -> n.children.entrySet().stream().map(e -> info(e.getKey(), e.getValue())).toList());
    }

    @Override public FsResult<InputStream> openRead(String path) {
        FsResult<Info> i = stat(path);
        if (!i.ok()) return i.cast();
        if (i.value().type() == Type.DIRECTORY) return FsResult.error(FsError.EISDIR);
        Node n = node(path).type == Type.SYMLINK ? node(resolveLink(path, node(path))) : node(path);
        return FsResult.ok(new ByteArrayInputStream(n.data));
    }

    @Override public FsResult<OutputStream> openWrite(String path, boolean append) {
        FsResult<Node> p = directory(parentPath(path));
        if (!p.ok()) return p.cast();
        Node n = p.value().children.get(name(path));
        if (n != null && n.type == Type.DIRECTORY) return FsResult.error(FsError.EISDIR);
        if (n == null) {
            n = new Node(Type.FILE, nextIno++, 0644);
            p.value().children.put(name(path), n);
        }
        Node file = n;
        if (!append) file.data = new byte[0];
        return FsResult.ok(new ByteArrayOutputStream() {
            @Override public void close() {
                byte[] more = toByteArray();
                byte[] all = java.util.Arrays.copyOf(file.data, file.data.length + more.length);
                System.arraycopy(more, 0, all, file.data.length, more.length);
                file.data = all;
            }
        });
    }

    @Override public FsResult<Void> mkdir(String path, int mode) {
        FsResult<Node> p = directory(parentPath(path));
        if (!p.ok()) return p.cast();
        if (path.equals("/") || p.value().children.containsKey(name(path))) return FsResult.error(FsError.EEXIST);
        p.value().children.put(name(path), new Node(Type.DIRECTORY, nextIno++, mode));
        return FsResult.done();
    }

    @Override public FsResult<Void> rmdir(String path) {
        Node n = node(path);
        if (n == null) return FsResult.error(FsError.ENOENT);
        if (n.type != Type.DIRECTORY) return FsResult.error(FsError.ENOTDIR);
        if (!n.children.isEmpty()) return FsResult.error(FsError.ENOTEMPTY);
        parent(path).children.remove(name(path));
        return FsResult.done();
    }

    @Override public FsResult<Void> unlink(String path) {
        Node n = node(path);
        if (n == null) return FsResult.error(FsError.ENOENT);
        if (n.type == Type.DIRECTORY) return FsResult.error(FsError.EISDIR);
        parent(path).children.remove(name(path));
        return FsResult.done();
    }

    @Override public FsResult<Void> rename(String from, String to) {
        Node n = node(from);
        if (n == null) return FsResult.error(FsError.ENOENT);
        FsResult<Node> p = directory(parentPath(to));
        if (!p.ok()) return p.cast();
        parent(from).children.remove(name(from));
        p.value().children.put(name(to), n);
        return FsResult.done();
    }

    @Override public FsResult<Void> chmod(String path, int mode) {
        Node n = node(path);
        if (n == null) return FsResult.error(FsError.ENOENT);
        n.mode = mode;
        return FsResult.done();
    }

    @Override public FsResult<Void> touch(String path) {
        Node n = node(path);
        if (n != null) {
            n.time++;
            return FsResult.done();
        }
        FsResult<OutputStream> w = openWrite(path, false);
        return w.ok() ? FsResult.done() : w.cast();
    }

    @Override public FsResult<List<Mount>> mounts() { return FsResult.ok(List.copyOf(mounted)); }

    @Override public FsResult<Void> mount(String source, String type, String path, boolean readOnly) {
        if (!type.equals("tmpfs")) return FsResult.error(FsError.ENOTSUP);
        FsResult<Node> d = directory(path);
        if (!d.ok()) return d.cast();
        mounted.add(new Mount(source, type, path, readOnly));
        return FsResult.done();
    }

    @Override public FsResult<Void> umount(String path) {
        return mounted.removeIf(m -> m.path().equals(path) && !path.equals("/")) ? FsResult.done() : FsResult.error(FsError.EINVAL);
    }

    @Override public FsResult<Space> statfs(String path) { return FsResult.ok(new Space(1024, 65536, 60000, 56000, 16384, 16000)); }

    @Override public FsResult<Void> sync() {
        syncs++;
        return FsResult.done();
    }

    private Info info(String name, Node n) {
        long blocks = (n.data.length + 1023) / 1024 * 2;
        return new Info(name, n.type, n.mode, n.type == Type.DIRECTORY ? 2 : 1, 0, 0, n.type == Type.DIRECTORY ? 1024 : n.data.length,
            blocks, n.ino, n.time, n.time, n.time, n.target);
    }

    private String resolveLink(String path, Node link) {
        return link.target.startsWith("/") ? link.target : parentPath(path) + "/" + link.target;
    }

    private FsResult<Node> directory(String path) {
        Node n = node(path);
        if (n == null) return FsResult.error(FsError.ENOENT);
        return n.type == Type.DIRECTORY ? FsResult.ok(n) : FsResult.error(FsError.ENOTDIR);
    }

    private Node node(String path) {
        Node n = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            if (n.type != Type.DIRECTORY) return null;
            n = n.children.get(part);
            if (n == null) return null;
        }
        return n;
    }

    private Node parent(String path) { return node(parentPath(path)); }

    private static String parentPath(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String name(String path) { return path.substring(path.lastIndexOf('/') + 1); }
}
