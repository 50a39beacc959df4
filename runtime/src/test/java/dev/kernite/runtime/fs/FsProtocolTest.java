package dev.kernite.runtime.fs;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.fs.FsProtocol.*;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FsProtocolTest {
    static List<Request> samples(String p) {
        return List.of(new Attach(7), new Open(p, FsProtocol.O_READ | FsProtocol.O_CREATE, 0644), new Io(false, 3, 1L << 40, 4096, 8192),
            new Io(true, 3, 0, 0, 0), new Close(65537), new Stat(p, true), new Stat(p, false), new Fstat(1), new Mkdir(p, 0755),
            new Rmdir(p), new Unlink(p), new Rename(p, p + "2"), new ReadDir(FsProtocol.NO_FD, p, 5), new ReadDir(4, "", 0),
            new Truncate(FsProtocol.NO_FD, p, 99), new Truncate(2, "", 0), new Symlink("../target", p), new Readlink(p),
            new Chmod(p, 01777), new Chown(p, 1000, 100), new Utimes(p, 1, 2), new Fsync(9), new Sync(), new StatFs(p),
            new Mount("blk", "ext2", p, true), new Umount(p), new Mounts(3));
    }

    @Test
    void everyRequestRoundTripsAndFitsOneMessage() {
        for (Request r : samples("/a/ü/c")) {
            Message m = FsProtocol.encode(r, new Message()).orElseThrow();
            assertEquals(FsResult.ok(r), FsProtocol.decode(m), r.toString());
        }
        // the largest path a request holds, for each request: it fits, one byte more is ENAMETOOLONG, never an overflow
        for (Request r : samples("/" + "p".repeat(Message.MAX_PAYLOAD))) {
            FsResult<Message> m = FsProtocol.encode(r, new Message());
            if (m.ok()) assertTrue(m.value().length() <= Message.MAX_PAYLOAD);
            else assertEquals(FsError.ENAMETOOLONG, m.error(), r.toString());
        }
        int room = Message.MAX_PAYLOAD - 8 - 2; // OPEN: flags, mode, the path's length
        assertTrue(FsProtocol.encode(new Open("/" + "x".repeat(room - 1), 1, 0), new Message()).ok());
        assertEquals(FsError.ENAMETOOLONG, FsProtocol.encode(new Open("/" + "x".repeat(room), 1, 0), new Message()).error());
    }

    @Test
    void malformedRequestsAreEinvalAndUnknownLabelsEnotsup() {
        Message m = new Message();
        assertEquals(FsError.ENOTSUP, FsProtocol.decode(m.clear().setLabel(99)).error());
        assertEquals(FsError.EINVAL, FsProtocol.decode(m.clear().setLabel(FsProtocol.CLOSE)).error(), "no fd");
        assertEquals(FsError.EINVAL, FsProtocol.decode(FsProtocol.encode(new Stat("relative", true), m).orElseThrow()).error());
        assertEquals(FsError.EINVAL, FsProtocol.decode(FsProtocol.encode(new Open("/x", 1 << 10, 0), m).orElseThrow()).error(), "unknown flag");
        assertEquals(FsError.EINVAL, FsProtocol.decode(FsProtocol.encode(new Io(false, 1, -1, 1, 0), m).orElseThrow()).error());
        assertEquals(FsError.EINVAL, FsProtocol.decode(FsProtocol.encode(new Sync(), m).orElseThrow().setLength(1)).error(), "trailing bytes");
        Message bad = FsProtocol.encode(new Unlink("/ab"), m).orElseThrow();
        bad.buffer().set(ValueLayout.JAVA_BYTE, 3, (byte) 0xFF);
        assertEquals(FsError.EINVAL, FsProtocol.decode(bad).error(), "not UTF-8");
        Message nul = FsProtocol.encode(new Unlink("/a\0"), new Message()).orElseThrow();
        assertEquals(FsError.EINVAL, FsProtocol.decode(nul).error(), "NUL in a path");
    }

    @Test
    void garbageDecodesOrIsRefusedNeverThrows() {
        SplittableRandom rnd = new SplittableRandom(5);
        Message m = new Message();
        for (int i = 0; i < 100_000; i++) {
            int len = rnd.nextInt(48);
            m.clear().setLabel(rnd.nextInt(28) - 1).setLength(len);
            for (int j = 0; j < len; j++) m.buffer().set(ValueLayout.JAVA_BYTE, j, (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(4) : rnd.nextInt(256)));
            FsResult<Request> r = FsProtocol.decode(m);
            if (r.ok()) assertEquals(r, FsProtocol.decode(FsProtocol.encode(r.value(), new Message()).orElseThrow()));
            for (var decoder : List.<java.util.function.Function<Message, FsResult<?>>>of(FsReplies::decodeStat, FsReplies::decodeDirPage,
                    FsReplies::decodeMounts, FsReplies::decodeStatFs, FsReplies::decodeText, FsReplies::decodeOpened)) {
                FsResult<?> d = decoder.apply(m);
                assertTrue(d.ok() || d.error() == FsError.EIO);
            }
        }
    }

    @Test
    void repliesRoundTrip() {
        FileStat st = new FileStat(12, FileKind.SYMLINK, 0777, 1, 2, 3, 4, 5, 6, 7, 8);
        assertEquals(FsResult.ok(st), FsReplies.decodeStat(FsReplies.stat(new Message(), st)));
        assertEquals(FsReplies.STAT_SIZE, FsReplies.stat(new Message(), st).length());
        DirPage page = new DirPage(List.of(new Dirent(".", 2, FileKind.DIRECTORY), new Dirent("ä", 12, FileKind.REGULAR)), 2, true);
        assertEquals(FsResult.ok(page), FsReplies.decodeDirPage(FsReplies.dirPage(new Message(), page)));
        FsStats fs = new FsStats(4096, 10, 5, 4, 100, 50, 255, "kernite");
        assertEquals(FsResult.ok(fs), FsReplies.decodeStatFs(FsReplies.statFs(new Message(), fs)));
        List<MountInfo> mounts = List.of(new MountInfo("blk", "ext2", "/", false), new MountInfo("tmpfs", "tmpfs", "/tmp", true));
        assertEquals(FsResult.ok(mounts), FsReplies.decodeMounts(FsReplies.mounts(new Message(), mounts)));
        assertEquals(FsResult.ok(new FsReplies.Opened(65536, 9)), FsReplies.decodeOpened(FsReplies.opened(new Message(), 65536, 9)));
        assertEquals(FsError.ENOENT, FsReplies.errorOf(FsReplies.error(new Message(), FsError.ENOENT)));
        assertEquals(FsError.EIO, FsReplies.errorOf(new Message().setLabel(9999)), "a code that is no FsError");
        // the largest directory page: entries of 255-byte names fill a reply without overflowing it
        Dirent longest = new Dirent("n".repeat(255), 1, FileKind.REGULAR);
        int fit = FsReplies.dirRoom() / FsReplies.direntSize(longest);
        assertTrue(fit >= 1);
        FsReplies.dirPage(new Message(), new DirPage(java.util.Collections.nCopies(fit, longest), 1, false));
    }

    @Test
    void mutatingRequestsAreNotIdempotent() {
        assertFalse(FsProtocol.idempotent(new Open("/x", FsProtocol.O_CREATE | FsProtocol.O_EXCL, 0), false));
        assertTrue(FsProtocol.idempotent(new Open("/x", FsProtocol.O_CREATE | FsProtocol.O_TRUNC, 0), false));
        assertFalse(FsProtocol.idempotent(new Io(true, 1, 0, 1, 0), true), "an append");
        assertTrue(FsProtocol.idempotent(new Io(true, 1, 0, 1, 0), false));
        for (Request r : List.of(new Mkdir("/a", 0), new Rmdir("/a"), new Unlink("/a"), new Rename("/a", "/b"), new Symlink("a", "/b")))
            assertFalse(FsProtocol.idempotent(r, false), r.toString());
    }
}
