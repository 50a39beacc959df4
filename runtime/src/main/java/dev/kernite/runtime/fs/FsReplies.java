package dev.kernite.runtime.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply payloads of {@link FsProtocol} (layouts in its table), encoded by the server and decoded by the client.
 * A reply's label is 0 or an {@link FsError} code; a decoder given a reply that does not match its layout answers
 * EIO (the server broke the protocol), never throws.
 *
 * <p>Thread safety: stateless.
 */
public final class FsReplies {
    /** Size of an encoded {@link FileStat}. */
    public static final int STAT_SIZE = 68;
    /** Fixed part of a READDIR reply, and of each entry before its name. */
    static final int DIR_HEADER = 16, DIR_ENTRY = 14;

    private FsReplies() {}

    /** The error a reply's label carries, or null for success (EIO for a code that is no FsError). */
    public static FsError errorOf(Message reply) {
        if (reply.label() == 0) return null;
        FsError e = FsError.fromCode(reply.label());
        return e == null ? FsError.EIO : e;
    }

    public static Message error(Message m, FsError e) { return m.clear().setLabel(e.code()); }

    public static Message ok(Message m) { return m.clear().setLabel(0); }

    public static Message opened(Message m, int fd, long ino) { return new FsWire.Writer(m, 0).i32(fd).i64(ino).message(); }

    public static Message count(Message m, int n) { return new FsWire.Writer(m, 0).i32(n).message(); }

    public static Message size(Message m, long n) { return new FsWire.Writer(m, 0).i64(n).message(); }

    public static Message stat(Message m, FileStat s) {
        return new FsWire.Writer(m, 0).i64(s.ino()).i32(s.kind().ordinal()).i32(s.mode()).i32(s.uid()).i32(s.gid()).i64(s.size())
            .i32(s.links()).i64(s.blocks512()).i64(s.atime()).i64(s.mtime()).i64(s.ctime()).message();
    }

    public static Message text(Message m, String s) { return new FsWire.Writer(m, 0).str(s).message(); }

    public static Message statFs(Message m, FsStats s) {
        return new FsWire.Writer(m, 0).i32(s.blockSize()).i64(s.blocks()).i64(s.freeBlocks()).i64(s.availableBlocks())
            .i64(s.inodes()).i64(s.freeInodes()).i32(s.nameMax()).str(s.label()).message();
    }

    /** Bytes a directory entry takes in a READDIR reply (the server fills a page while they fit). */
    public static int direntSize(Dirent d) { return DIR_ENTRY + FsWire.utf8Length(d.name()); }

    /** Room for entries in a READDIR reply. */
    public static int dirRoom() { return Message.MAX_PAYLOAD - DIR_HEADER; }

    public static Message dirPage(Message m, DirPage p) {
        FsWire.Writer w = new FsWire.Writer(m, 0).i64(p.nextCookie()).i32(p.end() ? 1 : 0).i32(p.entries().size());
        for (Dirent d : p.entries()) w.i64(d.ino()).i32(d.kind().ordinal()).str(d.name());
        if (!w.ok()) throw new IllegalArgumentException("directory page larger than a message"); // a server bug
        return m;
    }

    public static Message mounts(Message m, List<MountInfo> all) {
        FsWire.Writer w = new FsWire.Writer(m, 0).i32(all.size());
        for (MountInfo i : all) w.str(i.source()).str(i.type()).str(i.path()).i32(i.readOnly() ? 1 : 0);
        if (!w.ok()) throw new IllegalArgumentException("mount list larger than a message"); // the server pages
        return m;
    }

    // ---------------------------------------------------------------- decoding (client side)

    /** fd and inode number of an OPEN reply. */
    public record Opened(int fd, long ino) {}

    public static FsResult<Opened> decodeOpened(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        Opened o = new Opened(in.i32(), in.i64());
        return in.done() && o.fd() >= 0 ? FsResult.ok(o) : FsResult.error(FsError.EIO);
    }

    public static FsResult<Integer> decodeCount(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        int n = in.i32();
        return in.done() && n >= 0 ? FsResult.ok(n) : FsResult.error(FsError.EIO);
    }

    public static FsResult<Long> decodeSize(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        long n = in.i64();
        return in.done() && n >= 0 ? FsResult.ok(n) : FsResult.error(FsError.EIO);
    }

    public static FsResult<FileStat> decodeStat(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        long ino = in.i64();
        FileKind kind = FileKind.fromCode(in.i32());
        FileStat s = new FileStat(ino, kind, in.i32(), in.i32(), in.i32(), in.i64(), in.i32(), in.i64(), in.i64(), in.i64(), in.i64());
        return in.done() && kind != null ? FsResult.ok(s) : FsResult.error(FsError.EIO);
    }

    public static FsResult<String> decodeText(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        String s = in.str();
        return in.done() ? FsResult.ok(s) : FsResult.error(FsError.EIO);
    }

    public static FsResult<FsStats> decodeStatFs(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        FsStats s = new FsStats(in.i32(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i32(), in.str());
        return in.done() ? FsResult.ok(s) : FsResult.error(FsError.EIO);
    }

    public static FsResult<DirPage> decodeDirPage(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        long next = in.i64();
        boolean end = in.i32() != 0;
        int n = in.i32();
        if (!in.ok() || n < 0 || n > Message.MAX_PAYLOAD / DIR_ENTRY) return FsResult.error(FsError.EIO);
        List<Dirent> entries = new ArrayList<>(n);
        for (int i = 0; i < n && in.ok(); i++) {
            long ino = in.i64();
            FileKind kind = FileKind.fromCode(in.i32());
            String name = in.str();
            if (kind == null) return FsResult.error(FsError.EIO);
            entries.add(new Dirent(name, ino, kind));
        }
        return in.done() ? FsResult.ok(new DirPage(entries, next, end)) : FsResult.error(FsError.EIO);
    }

    public static FsResult<List<MountInfo>> decodeMounts(Message m) {
        FsWire.Reader in = new FsWire.Reader(m);
        int n = in.i32();
        if (!in.ok() || n < 0 || n > Message.MAX_PAYLOAD / 10) return FsResult.error(FsError.EIO);
        List<MountInfo> out = new ArrayList<>(n);
        for (int i = 0; i < n && in.ok(); i++) out.add(new MountInfo(in.str(), in.str(), in.str(), in.i32() != 0));
        return in.done() ? FsResult.ok(out) : FsResult.error(FsError.EIO);
    }
}
