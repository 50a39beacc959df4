package dev.kernite.bench.blk;

import dev.kernite.bench.report.BenchOptions;
import dev.kernite.bench.report.Json;
import dev.kernite.bench.report.LatencyStats;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code ./kernite bench blk}: sequential 64 KiB writes and reads and random 4 KiB reads through the user-space
 * block driver — a client process, IPC to the driver process, the virtio-style device in the kernel, DMA straight
 * into the client's buffer — beside the same operations with a {@link FileChannel} on the same image file, in
 * the same run. Both sides start with the image in the host's page cache (a warm-up pass each), and both make
 * their writes durable at the end of the write pass (FLUSH / {@code force}).
 *
 * <p>Targets: sequential throughput ≥ 50% of direct; p50 random 4 KiB read latency ≤ 3× direct.
 */
public final class BlkBench {
    private static final int CHUNK = 64 * 1024, BLOCK = 4096;
    private static final double SEQ_TARGET = 0.5, RAND_TARGET = 3.0;

    private BlkBench() {}

    /** Sequential passes: seconds to write and to read {@code bytes}. */
    record Seq(double writeSeconds, double readSeconds, long bytes) {
        double writeMBps() { return bytes / writeSeconds / 1e6; }
        double readMBps() { return bytes / readSeconds / 1e6; }
    }

    /** One side's numbers: one stream, {@link #STREAMS} streams, and random-read latencies. */
    record Side(Seq one, Seq many, LatencyStats.Summary random, long driverRoundTripNs) { }

    /** Parallel streams in the second sequential run, on both sides. */
    static final int STREAMS = 4;

    public static void run(BenchOptions o, PrintStream out) throws IOException, InterruptedException, MachineException {
        Progress progress = o.progress();
        int mib = o.quick() ? 64 : 256, n = o.iterationsOr(100_000, 20_000);
        Path dir = Files.createTempDirectory("kernite-bench-blk-");
        try {
            Path image = dir.resolve("disk.img");
            progress.step("Kernite: client → blk driver → device, " + mib + " MiB sequential, " + n + " random reads", 1, 2);
            Side kernite = kernite(dir, image, mib, n);
            progress.step("direct: FileChannel on the same image", 2, 2);
            Side direct = direct(image, mib, n);
            report(o, out, kernite, direct, mib, n);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- Kernite

    private static Side kernite(Path dir, Path image, int mib, int n) throws IOException, InterruptedException, MachineException {
        try (DiskRig rig = DiskRig.start(dir, image, ((long) mib << 20) + (16L << 20))) {
            List<String> lines = rig.runLoad("kernite.blk", "dev.kernite.blk.BlkLoad", "bench",
                List.of(Integer.toString(mib), Integer.toString(n), Integer.toString(STREAMS)), Duration.ofMinutes(15));
            long[] lat = lines.stream().skip(3).mapToLong(Long::parseLong).toArray();
            return new Side(seq(lines.get(0)), seq(lines.get(1)), LatencyStats.of(lat, lat.length).summary(),
                Long.parseLong(lines.get(2).split(" ")[1]));
        }
    }

    /** "seq STREAMS WRITE_NS READ_NS BYTES" */
    private static Seq seq(String line) {
        String[] f = line.split(" ");
        return new Seq(Long.parseLong(f[2]) / 1e9, Long.parseLong(f[3]) / 1e9, Long.parseLong(f[4]));
    }

    // ---------------------------------------------------------------- direct

    private static Side direct(Path image, int mib, int n) throws IOException, InterruptedException {
        long bytes = (long) mib << 20;
        try (FileChannel f = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            passes(f, bytes, 1, true); // warm-up, as the Kernite side
            passes(f, bytes, STREAMS, false);
            Seq one = new Seq(passes(f, bytes, 1, true), passes(f, bytes, 1, false), bytes);
            Seq many = new Seq(passes(f, bytes, STREAMS, true), passes(f, bytes, STREAMS, false), bytes);
            ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
            long[] lat = new long[n];
            SplittableRandom rnd = new SplittableRandom(7);
            for (int i = 0; i < n; i++) {
                long b = rnd.nextLong(bytes / BLOCK);
                long t0 = System.nanoTime();
                block.clear();
                while (block.hasRemaining()) if (f.read(block, b * BLOCK + block.position()) < 0) throw new IOException("short image");
                lat[i] = System.nanoTime() - t0;
            }
            return new Side(one, many, LatencyStats.of(lat, lat.length).summary(), 0);
        }
    }

    /** One sequential pass split across {@code streams} threads as the Kernite side splits it; seconds. */
    private static double passes(FileChannel f, long bytes, int streams, boolean write) throws IOException, InterruptedException {
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<IOException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            long from = (long) i * CHUNK;
            threads.add(Thread.ofPlatform().start(() -> {
                ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
                try {
                    for (long off = from; off < bytes; off += (long) streams * CHUNK) {
                        chunk.clear();
                        while (chunk.hasRemaining()) {
                            int k = write ? f.write(chunk, off + chunk.position()) : f.read(chunk, off + chunk.position());
                            if (k < 0) throw new IOException("short image");
                        }
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw failure.get();
        if (write) f.force(false);
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- report

    private static void report(BenchOptions o, PrintStream out, Side k, Side d, int mib, int n) throws IOException {
        double seqRead = k.many().readMBps() / d.many().readMBps(), seqWrite = k.many().writeMBps() / d.many().writeMBps();
        double seqRead1 = k.one().readMBps() / d.one().readMBps(), seqWrite1 = k.one().writeMBps() / d.one().writeMBps();
        double rand = (double) k.random().p50() / d.random().p50();
        out.println(RunInfo.current().line());
        out.println();
        new Table("Block I/O: Kernite's user-space driver beside a FileChannel on the same image (" + mib + " MiB, " + n + " random reads)")
            .column("operation").column("Kernite", Table.Align.RIGHT).column("direct", Table.Align.RIGHT)
            .column("Kernite / direct", Table.Align.RIGHT).column("target", Table.Align.LEFT)
            .row("sequential write 64 KiB, 1 stream (MB/s)", mbps(k.one().writeMBps()), mbps(d.one().writeMBps()), Table.ratio(seqWrite1), "")
            .row("sequential read 64 KiB, 1 stream (MB/s)", mbps(k.one().readMBps()), mbps(d.one().readMBps()), Table.ratio(seqRead1), "")
            .row("sequential write 64 KiB, " + STREAMS + " streams (MB/s)", mbps(k.many().writeMBps()), mbps(d.many().writeMBps()), Table.ratio(seqWrite), verdict(seqWrite >= SEQ_TARGET, "≥ 0.50"))
            .row("sequential read 64 KiB, " + STREAMS + " streams (MB/s)", mbps(k.many().readMBps()), mbps(d.many().readMBps()), Table.ratio(seqRead), verdict(seqRead >= SEQ_TARGET, "≥ 0.50"))
            .row("random read 4 KiB p50", Table.micros(k.random().p50()), Table.micros(d.random().p50()), Table.ratio(rand), verdict(rand <= RAND_TARGET, "≤ 3.0"))
            .row("  of which: client → driver → client, no device (p50)", Table.micros(k.driverRoundTripNs()), "-", "", "")
            .row("random read 4 KiB p90", Table.micros(k.random().p90()), Table.micros(d.random().p90()), Table.ratio((double) k.random().p90() / d.random().p90()), "")
            .row("random read 4 KiB mean", Table.micros(k.random().mean()), Table.micros(d.random().mean()), Table.ratio(k.random().mean() / d.random().mean()), "")
            .row("random read 4 KiB p99", Table.micros(k.random().p99()), Table.micros(d.random().p99()), Table.ratio((double) k.random().p99() / d.random().p99()), "")
            .note("Kernite: a client process → the driver process → the device thread in the kernel; data moved by the device straight")
            .note("into the client's granted buffer. Streams: each its own client and channel (the driver keeps that many requests in")
            .note("flight); direct: the same number of threads on one FileChannel. The sequential targets are judged at " + STREAMS + " streams;")
            .note("random reads are one at a time on both sides.")
            .print(out);
        if (o.json().isPresent()) {
            Json.object().put("seq_read_ratio", seqRead).put("seq_write_ratio", seqWrite).put("rand_read_p50_ratio", rand)
                .put("streams", STREAMS).put("seq_read_ratio_1_stream", seqRead1).put("seq_write_ratio_1_stream", seqWrite1)
                .put("kernite_seq_read_mbps", k.many().readMBps()).put("kernite_seq_write_mbps", k.many().writeMBps())
                .put("direct_seq_read_mbps", d.many().readMBps()).put("direct_seq_write_mbps", d.many().writeMBps())
                .put("kernite_rand_read_p50_ns", k.random().p50()).put("direct_rand_read_p50_ns", d.random().p50())
                .put("host", RunInfo.current().toJson()).writeTo(o.json().get());
            out.println("wrote " + o.json().get());
        }
    }

    private static String mbps(double v) { return String.format(java.util.Locale.ROOT, "%,.0f", v); }

    private static String verdict(boolean met, String target) { return target + (met ? " met" : " MISSED"); }
}
