package dev.kernite.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.fs.FsChannel;
import dev.kernite.runtime.fs.FsClient;
import dev.kernite.runtime.fs.FsExceptions;
import dev.kernite.runtime.fs.FsProtocol;
import dev.kernite.runtime.fs.KFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A file-server client for system tests, through the client library ({@link KFiles}, {@link FsChannel}).
 *
 * <pre>
 *   basic                   the library end to end on / and /tmp → RESULT basic OK, or RESULT basic FAIL what
 *   verify DIR N SIZE       reads DIR/f0 … DIR/f(N-1), each must hold {@link #content}(i, SIZE)
 *                           → RESULT verify OK, or RESULT verify FAIL what
 *   write DIR N SIZE        writes those files, then SYNC → RESULT write OK
 *   check SECONDS FILES     checksummed 4 KiB blocks appended (at explicit offsets) round robin to /load/fI (going
 *                           round again after {@link #CAP} blocks), an fsync every {@link #FSYNC_EVERY} blocks, for
 *                           SECONDS; prints "FSYNCED I BLOCKS" (at most CAP) after each
 *                           fsync; at the end reads every fsynced block back
 *                           → RESULT check BLOCKS FSYNCED BAD RETRIES
 *   bench OUT MIB FILES CHUNK  timed, for {@code ./kernite bench fs}: a MIB MiB file written in CHUNK-byte writes and
 *                           fsynced, then read back (after one untimed pass of each); FILES empty files created,
 *                           then each stat'ed, then each deleted → OUT: "write NS BYTES", "read NS BYTES",
 *                           "small NS FILES"; RESULT bench OK
 * </pre>
 *
 * <p>Thread safety: a program; one thread.
 */
public final class FsLoad {
    public static final int BLOCK = 4096;
    static final int FSYNC_EVERY = 8;
    /** Blocks per load file: past it the writes go round again (same bytes), so the disk never fills. */
    public static final int CAP = 1024;

    private FsLoad() {}

    public static void main(String[] args) throws Exception {
        Env env = Env.connect();
        FsClient fs = FsClient.connect(env).orElseThrow();
        KFiles files = new KFiles(fs);
        String result;
        try {
            result = switch (args[0]) {
                case "basic" -> basic(files);
                case "verify" -> verify(files, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                case "write" -> write(files, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                case "check" -> check(files, Double.parseDouble(args[1]), Integer.parseInt(args[2]));
                case "bench" -> Bench.run(files, java.nio.file.Path.of(args[1]), Long.parseLong(args[2]) << 20, Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
                default -> "usage";
            };
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            result = "FAIL " + e;
        }
        System.out.println("RESULT " + args[0] + " " + result);
        System.out.flush();
        System.exit(0);
    }

    /** File {@code i} of a test set: {@code size} pseudo-random bytes seeded by {@code i}. */
    public static byte[] content(int i, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(i * 7919L + size).nextBytes(b);
        return b;
    }

    /** Block {@code b} of load file {@code f}: its numbers, then bytes seeded by both. */
    public static byte[] block(int f, long b) {
        byte[] out = new byte[BLOCK];
        new SplittableRandom(f * 1_000_003L + b).nextBytes(out);
        ByteBuffer.wrap(out).putLong(0, f).putLong(8, b);
        return out;
    }

    private static String verify(KFiles files, String dir, int n, int size) throws IOException {
        for (int i = 0; i < n; i++) {
            byte[] got = files.readAllBytes(dir + "/f" + i);
            if (!Arrays.equals(got, content(i, size))) return "FAIL " + dir + "/f" + i + " differs (" + got.length + " bytes)";
        }
        return "OK";
    }

    private static String write(KFiles files, String dir, int n, int size) throws IOException {
        files.createDirectories(dir);
        for (int i = 0; i < n; i++) files.write(dir + "/f" + i, content(i, size));
        FsExceptions.check(files.client().sync(), "/");
        return "OK";
    }

    /** The client library end to end, on the root file system and on /tmp. */
    private static String basic(KFiles files) throws IOException {
        for (String base : List.of("/basic", "/tmp/basic")) {
            files.createDirectories(base + "/sub");
            files.writeString(base + "/hello.txt", "hello, kernite\n");
            if (!files.readString(base + "/hello.txt").equals("hello, kernite\n")) return "FAIL read back " + base;
            try (FsChannel ch = files.newByteChannel(base + "/hello.txt", StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap("more\n".getBytes(StandardCharsets.UTF_8)));
            }
            if (files.size(base + "/hello.txt") != 20) return "FAIL append " + base;
            files.createSymbolicLink(base + "/link", "hello.txt");
            if (!files.readSymbolicLink(base + "/link").equals("hello.txt") || files.size(base + "/link") != 20) return "FAIL symlink " + base;
            files.move(base + "/hello.txt", base + "/sub/moved.txt");
            if (!files.list(base + "/sub").equals(List.of("moved.txt"))) return "FAIL list " + files.list(base + "/sub");
            if (files.exists(base + "/link")) return "FAIL dangling link resolves";
            files.setPermissions(base + "/sub/moved.txt", 0600);
            if (files.getAttributes(base + "/sub/moved.txt").mode() != 0600) return "FAIL chmod";
            try {
                files.createDirectory(base + "/sub");
                return "FAIL mkdir of an existing directory";
            } catch (java.nio.file.FileAlreadyExistsException expected) {
                // as java.nio.file.Files would
            }
            files.delete(base + "/link");
            files.delete(base + "/sub/moved.txt");
            files.delete(base + "/sub");
            files.delete(base);
        }
        if (files.client().mounts().orElseThrow().stream().noneMatch(m -> m.path().equals("/tmp") && m.type().equals("tmpfs"))) {
            return "FAIL no tmpfs on /tmp";
        }
        if (files.client().stat("/nope").error() != FsError.ENOENT) return "FAIL stat of a missing file";
        return "OK";
    }

    /** Appends checksummed blocks with fsyncs for {@code seconds}, then reads back every fsynced block. */
    private static String check(KFiles files, double seconds, int nfiles) throws IOException {
        files.createDirectories("/load");
        FsChannel[] ch = new FsChannel[nfiles];
        long[] written = new long[nfiles], synced = new long[nfiles];
        for (int f = 0; f < nfiles; f++) {
            ch[f] = files.newByteChannel("/load/f" + f, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
        }
        long end = System.nanoTime() + (long) (seconds * 1e9), blocks = 0;
        for (int f = 0; System.nanoTime() < end; f = (f + 1) % nfiles) {
            long b = written[f] % CAP;
            ch[f].position(b * BLOCK).write(ByteBuffer.wrap(block(f, b)));
            written[f]++;
            blocks++;
            if (written[f] % FSYNC_EVERY == 0) {
                ch[f].force(true);
                synced[f] = Math.min(written[f], CAP);
                System.out.println("FSYNCED " + f + " " + synced[f]);
            }
        }
        long bad = 0, fsynced = 0;
        for (int f = 0; f < nfiles; f++) {
            ch[f].force(true);
            synced[f] = Math.min(written[f], CAP);
            System.out.println("FSYNCED " + f + " " + synced[f]);
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            for (long b = 0; b < synced[f]; b++) {
                buf.clear();
                ch[f].position(b * BLOCK);
                while (buf.hasRemaining() && ch[f].read(buf) > 0) { /* fill */ }
                if (!Arrays.equals(buf.array(), block(f, b))) bad++;
            }
            fsynced += synced[f];
            ch[f].close();
        }
        return blocks + " " + fsynced + " " + bad + " " + files.client().retries();
    }
}
