package dev.kernite.fs;

import dev.kernite.runtime.fs.FsChannel;
import dev.kernite.runtime.fs.KFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link FsLoad}'s {@code bench} mode: the Kernite side of {@code ./kernite bench fs}, timing what FsBench times
 * on the host with java.nio, in the same order.
 *
 * <p>Thread safety: one thread.
 */
final class Bench {
    /** Untimed read passes before the timed one: as many as FsBench makes on the host side (its WARM_READS). */
    private static final int WARM_READS = 4;
    /** Untimed write passes (each with its fsync) before the timed one: as many as FsBench makes (its WARM_WRITES). */
    private static final int WARM_WRITES = 4;
    /** Timed read passes, reported as their mean: as many as FsBench times (its TIMED_READS). */
    private static final int TIMED_READS = 4;

    private Bench() {}

    /** Runs the passes and writes their times to {@code out}; returns the RESULT word. */
    static String run(KFiles files, Path out, long bytes, int count, int chunk) throws IOException {
        files.createDirectories("/bench/small");
        String big = "/bench/big";
        // Each timed phase right after its own warm-up: a phase between them changes the profile, and the JIT's
        // recompiling then lands in the timed passes.
        for (int i = 0; i < WARM_WRITES; i++) sequential(files, big, bytes, chunk, true);
        long write = sequential(files, big, bytes, chunk, true);
        for (int i = 0; i < WARM_READS; i++) sequential(files, big, bytes, chunk, false);
        long read = 0;
        for (int i = 0; i < TIMED_READS; i++) read += sequential(files, big, bytes, chunk, false);
        read /= TIMED_READS;
        long small = smallFiles(files, count);
        files.delete(big);
        Files.writeString(out, "write " + write + " " + bytes + "\nread " + read + " " + bytes + "\nsmall " + small + " " + count + "\n");
        return "OK";
    }

    /** Writes (truncating first, fsync at the end) or reads {@code bytes} in {@code chunk}-byte pieces; nanoseconds. */
    private static long sequential(KFiles files, String path, long bytes, int chunk, boolean write) throws IOException {
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
    private static long smallFiles(KFiles files, int count) throws IOException {
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) files.createFile("/bench/small/f" + i);
        for (int i = 0; i < count; i++) files.getAttributes("/bench/small/f" + i);
        for (int i = 0; i < count; i++) files.delete("/bench/small/f" + i);
        return System.nanoTime() - t0;
    }
}
