package dev.kernite.probe;

import dev.kernite.runtime.Env;
import dev.kernite.runtime.fs.FsChannel;
import dev.kernite.runtime.fs.FsClient;
import dev.kernite.runtime.fs.KFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The Kernite side of {@code ./kernite bench fs}: a client of the file server ({@code fs}) through the client
 * library, timing what {@code FsBench} times on the host with java.nio, in the same order.
 *
 * <pre>
 *   bench OUT MIB FILES CHUNK   a MIB MiB file written in CHUNK-byte writes and fsynced, then read back; FILES empty
 *                               files created, then each stat'ed, then each deleted (one directory)
 *                               → OUT: "write NS BYTES", "read NS BYTES", "small NS FILES"
 * </pre>
 *
 * <p>Thread safety: one thread.
 */
public final class FsLoad {
    private FsLoad() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5 || !args[0].equals("bench")) {
            System.err.println("usage: FsLoad bench OUT MIB FILES CHUNK");
            System.exit(2);
        }
        Env env = Env.connect();
        FsClient fs = FsClient.connect(env).orElseThrow();
        KFiles files = new KFiles(fs);
        long bytes = Long.parseLong(args[2]) << 20;
        int count = Integer.parseInt(args[3]), chunk = Integer.parseInt(args[4]);
        files.createDirectories("/bench/small");
        String big = "/bench/big";
        sequential(files, big, bytes, chunk, true); // warm-up: every path compiled, the blocks allocated once
        sequential(files, big, bytes, chunk, false);
        long write = sequential(files, big, bytes, chunk, true);
        long read = sequential(files, big, bytes, chunk, false);
        long small = smallFiles(files, count);
        files.delete(big);
        Files.writeString(Path.of(args[1]), "write " + write + " " + bytes + "\nread " + read + " " + bytes + "\nsmall " + small + " " + count + "\n");
        fs.close();
        System.exit(0);
    }

    /** Writes (truncating first, fsync at the end) or reads {@code bytes} in {@code chunk}-byte pieces; nanoseconds. */
    static long sequential(KFiles files, String path, long bytes, int chunk, boolean write) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(chunk);
        for (int i = 0; i < chunk; i++) buf.put(i, (byte) (i * 31));
        long t0 = System.nanoTime();
        try (FsChannel ch = write
            ? files.newByteChannel(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
            : files.newByteChannel(path, StandardOpenOption.READ)) {
            for (long done = 0; done < bytes; ) {
                buf.clear();
                int n = write ? ch.write(buf) : ch.read(buf);
                if (n < 0) throw new IOException(path + " ended after " + done + " bytes");
                done += n;
            }
            if (write) ch.force(true);
        }
        return System.nanoTime() - t0;
    }

    /** Creates, then stats, then deletes {@code count} empty files; nanoseconds for all three passes. */
    static long smallFiles(KFiles files, int count) throws IOException {
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) files.createFile("/bench/small/f" + i);
        for (int i = 0; i < count; i++) files.getAttributes("/bench/small/f" + i);
        for (int i = 0; i < count; i++) files.delete("/bench/small/f" + i);
        return System.nanoTime() - t0;
    }
}
