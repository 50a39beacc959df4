package dev.kernite.bench.fs;

import dev.kernite.bench.report.BenchOptions;
import dev.kernite.bench.report.Json;
import dev.kernite.bench.report.Progress;
import dev.kernite.bench.report.RunInfo;
import dev.kernite.bench.report.Table;
import dev.kernite.bench.rig.DiskRig;
import dev.kernite.kernel.device.MachineException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./kernite bench fs}: a large file written (and fsynced) and read sequentially, and many empty files
 * created, stat'ed and deleted — through Kernite (a client process → the file server with ext2 → the block driver
 * → the disk device) beside the same operations with java.nio on the host's file system, in the same directory,
 * in the same run. Both sides warm up first ({@link #WARM_WRITES} write passes and {@link #WARM_READS} read
 * passes); the read figure is the mean of {@link #TIMED_READS} passes.
 *
 * <p>Targets: large sequential ≥ 30% of the host; small-file operations ≥ 10%.
 */
public final class FsBench {
    private static final int CHUNK = 256 << 10;
    private static final double SEQ_TARGET = 0.3, SMALL_TARGET = 0.1;
    /**
     * Untimed read passes before the timed ones, on both sides, so the JIT has compiled the read path: with the
     * services' late compiling (KernelConfig.LEAN_FLAGS) one pass left the file server's read path half compiled
     * (bench fs --quick: 1.0–1.2 GB/s after one pass, 1.5 GB/s after four). The rig's processes now compile early
     * (Jit.EARLY), as the shipped fs and blk do.
     */
    static final int WARM_READS = 4;
    /**
     * Untimed write passes, each with its fsync: the file server's write-back loops run once per fsync, so only
     * after a few are they compiled (timed writes 0.40-0.56 of the host after four, 0.23-0.51 after two).
     */
    static final int WARM_WRITES = 4;
    /**
     * Timed read passes, reported as their mean: one pass of the quick file takes ~10 ms, so one stall of a few
     * milliseconds on a shared 2-vCPU host halved a single pass's figure (a run read 0.08 of the host between runs
     * of 0.34-0.37).
     */
    static final int TIMED_READS = 4;

    private FsBench() {}

    /** One side's numbers: seconds for the write pass, the read pass and the small-file passes. */
    record Side(double writeSeconds, double readSeconds, long bytes, double smallSeconds, int files) {
        double writeMBps() { return bytes / writeSeconds / 1e6; }
        double readMBps() { return bytes / readSeconds / 1e6; }
        /** create + stat + delete, each counted as one operation. */
        double smallOps() { return 3.0 * files / smallSeconds; }
    }

    public static void run(BenchOptions o, PrintStream out) throws IOException, InterruptedException, MachineException {
        Progress progress = o.progress();
        int mib = o.quick() ? 32 : 128, files = o.iterationsOr(5_000, 1_000);
        Path dir = Files.createTempDirectory("kernite-bench-fs-");
        try {
            progress.step("Kernite: client → fs (ext2) → blk driver → device, " + mib + " MiB file, " + files + " small files", 1, 2);
            Side kernite = kernite(dir, mib, files);
            progress.step("host: java.nio in " + dir, 2, 2);
            Side host = host(dir.resolve("host"), mib, files);
            report(o, out, kernite, host, mib, files);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Side kernite(Path dir, int mib, int files) throws IOException, InterruptedException, MachineException {
        // A blank disk: the file server makes the ext2 file system on it as on a first boot.
        long diskBytes = ((long) mib << 20) * 2 + (64L << 20);
        try (DiskRig rig = DiskRig.start(dir, dir.resolve("disk.img"), diskBytes)) {
            // A page cache that holds the file, as the host's does; its heap holds the cache twice over (old generation)
            int cacheMiB = mib + 32;
            rig.serve("fs", "kernite.fs", "dev.kernite.fs.FileServer", List.of("ext2", "blk", "cache=" + cacheMiB + "m"),
                128 + 2 * cacheMiB, 32L << 20);
            List<String> lines = rig.runLoad("kernite.fs", "dev.kernite.fs.FsLoad", "bench",
                List.of(Integer.toString(mib), Integer.toString(files), Integer.toString(CHUNK)), Duration.ofMinutes(15));
            return new Side(field(lines, 0) / 1e9, field(lines, 1) / 1e9, (long) mib << 20, field(lines, 2) / 1e9, files);
        }
    }

    /** The nanoseconds of line {@code i} ("NAME NS COUNT"). */
    private static long field(List<String> lines, int i) { return Long.parseLong(lines.get(i).split(" ")[1]); }

    private static Side host(Path dir, int mib, int files) throws IOException {
        Files.createDirectories(dir.resolve("small"));
        Path big = dir.resolve("big");
        long bytes = (long) mib << 20;
        // Each timed phase right after its own warm-up, as on Kernite's side (fs/Bench).
        for (int i = 0; i < WARM_WRITES; i++) sequential(big, bytes, true);
        double write = sequential(big, bytes, true), read = 0;
        for (int i = 0; i < WARM_READS; i++) sequential(big, bytes, false);
        for (int i = 0; i < TIMED_READS; i++) read += sequential(big, bytes, false);
        read /= TIMED_READS;
        long t0 = System.nanoTime();
        for (int i = 0; i < files; i++) Files.createFile(dir.resolve("small/f" + i));
        for (int i = 0; i < files; i++) Files.readAttributes(dir.resolve("small/f" + i), BasicFileAttributes.class);
        for (int i = 0; i < files; i++) Files.delete(dir.resolve("small/f" + i));
        double small = (System.nanoTime() - t0) / 1e9;
        return new Side(write, read, bytes, small, files);
    }

    /** As FsLoad's: truncate, write in CHUNK pieces, fsync; or read back; seconds. */
    private static double sequential(Path file, long bytes, boolean write) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        long t0 = System.nanoTime();
        try (FileChannel ch = write
            ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
            : FileChannel.open(file, StandardOpenOption.READ)) {
            for (long done = 0; done < bytes; ) {
                buf.clear();
                int n = write ? ch.write(buf) : ch.read(buf);
                if (n < 0) throw new IOException(file + " ended after " + done + " bytes");
                done += n;
            }
            if (write) ch.force(true);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void report(BenchOptions o, PrintStream out, Side k, Side h, int mib, int files) throws IOException {
        double write = k.writeMBps() / h.writeMBps(), read = k.readMBps() / h.readMBps(), small = k.smallOps() / h.smallOps();
        out.println(RunInfo.current().line());
        out.println();
        new Table("File system: Kernite's ext2 server beside java.nio on the host (" + mib + " MiB file, " + files + " small files)")
            .column("operation").column("Kernite", Table.Align.RIGHT).column("host", Table.Align.RIGHT)
            .column("Kernite / host", Table.Align.RIGHT).column("target", Table.Align.LEFT)
            .row("sequential write 256 KiB + fsync (MB/s)", num(k.writeMBps()), num(h.writeMBps()), Table.ratio(write), verdict(write >= SEQ_TARGET, "≥ 0.30"))
            .row("sequential read 256 KiB (MB/s)", num(k.readMBps()), num(h.readMBps()), Table.ratio(read), verdict(read >= SEQ_TARGET, "≥ 0.30"))
            .row("small files: create, stat, delete (ops/s)", num(k.smallOps()), num(h.smallOps()), Table.ratio(small),
                verdict(small >= SMALL_TARGET, "≥ 0.10"))
            .note("Kernite: a client process → the file server (VFS + ext2, its block cache) → the block driver → the disk device in")
            .note("the kernel, over an image file; host: the same calls with java.nio on the file system holding the image.")
            .print(out);
        if (o.json().isPresent()) {
            Json.object().put("seq_write_ratio", write).put("seq_read_ratio", read).put("small_files_ratio", small)
                .put("kernite_seq_write_mbps", k.writeMBps()).put("kernite_seq_read_mbps", k.readMBps()).put("kernite_small_ops", k.smallOps())
                .put("host_seq_write_mbps", h.writeMBps()).put("host_seq_read_mbps", h.readMBps()).put("host_small_ops", h.smallOps())
                .put("host", RunInfo.current().toJson()).writeTo(o.json().get());
            out.println("wrote " + o.json().get());
        }
    }

    private static String num(double v) { return String.format(Locale.ROOT, "%,.0f", v); }

    private static String verdict(boolean met, String target) { return target + (met ? " met" : " MISSED"); }
}
