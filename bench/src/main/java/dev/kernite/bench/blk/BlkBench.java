package dev.kernite.bench.blk;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.bench.report.BenchOptions;
import dev.kernite.bench.report.Json;
import dev.kernite.bench.report.LatencyStats;
import dev.kernite.bench.report.Progress;
import dev.kernite.bench.report.RunInfo;
import dev.kernite.bench.report.Table;
import dev.kernite.kernel.Kernel;
import dev.kernite.kernel.KernelConfig;
import dev.kernite.kernel.SpawnResult;
import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.DeviceProvider;
import dev.kernite.kernel.device.MachineConfig;
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
import java.util.ServiceLoader;
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

    /** One side's numbers: seconds for the sequential passes, bytes, and random-read latencies. */
    record Side(double writeSeconds, double readSeconds, long bytes, LatencyStats.Summary random) {
        double writeMBps() { return bytes / writeSeconds / 1e6; }
        double readMBps() { return bytes / readSeconds / 1e6; }
    }

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
        try (Kernel k = Kernel.start(KernelConfig.of(dir.resolve("run"), KernelConfig.currentModulePath(), dir.resolve("log")))) {
            int device = attachDisk(k, image, ((long) mib << 20) + (16L << 20));
            spawn(k, new ProcessSpec("names", "kernite.names", "dev.kernite.names.NamesServer", List.of(), 0, 32, List.of("names"), List.of()));
            int names = k.endpoint("names").orElseThrow();
            spawn(k, new ProcessSpec("blk", "kernite.blk", "dev.kernite.blk.BlockDriver", List.of(), 0, 64, List.of("blk"),
                List.of(new ProcessSpec.Grant(names, Rights.SEND, "names"), new ProcessSpec.Grant(device, Rights.USE, "blk0"))));
            int blk = k.endpoint("blk").orElseThrow();
            spawn(k, new ProcessSpec("registrar", "kernite.probe", "dev.kernite.probe.Probe", List.of("register", "blk", "blk"), 0, 32,
                List.of(), List.of(new ProcessSpec.Grant(names, Rights.SEND, "names"), new ProcessSpec.Grant(blk, Rights.SEND | Rights.GRANT, "blk"))));
            Path out = dir.resolve("load.out");
            int load = spawn(k, new ProcessSpec("load", "kernite.blk", "dev.kernite.blk.BlkLoad",
                List.of("bench", out.toString(), Integer.toString(mib), Integer.toString(n)), 0, 128, List.of(),
                List.of(new ProcessSpec.Grant(names, Rights.SEND, "names")), 16L << 20));
            if (!k.awaitExit(load, Duration.ofMinutes(15))) throw new IOException("the load did not finish");
            if (!Files.exists(out)) throw new IOException("the load wrote no results; its log:\n" + log(dir, "load") + "\nblk's log:\n" + log(dir, "blk"));
            List<String> lines = Files.readAllLines(out);
            String[] seq = lines.getFirst().split(" ");
            long[] lat = lines.stream().skip(1).mapToLong(Long::parseLong).toArray();
            return new Side(Long.parseLong(seq[1]) / 1e9, Long.parseLong(seq[2]) / 1e9, Long.parseLong(seq[3]), LatencyStats.of(lat, lat.length).summary());
        }
    }

    private static int attachDisk(Kernel k, Path image, long bytes) throws MachineException {
        for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) {
            for (DeviceModel m : p.create(MachineConfig.disk(image, bytes))) return k.attach(m);
        }
        throw new MachineException("no machine module on the module path (kernite.machine)");
    }

    private static int spawn(Kernel k, ProcessSpec spec) throws IOException {
        SpawnResult r = k.spawn(spec);
        if (!r.ok()) throw new IOException("cannot start " + spec.name() + ": " + r.status());
        return r.pid();
    }

    private static String log(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("log"))) {
            for (Path f : s.filter(f -> f.getFileName().toString().startsWith(name + "-")).toList()) return Files.readString(f);
        }
        return "(none)";
    }

    // ---------------------------------------------------------------- direct

    private static Side direct(Path image, int mib, int n) throws IOException {
        long bytes = (long) mib << 20;
        try (FileChannel f = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
            pass(f, chunk, bytes, true); // warm-up, as the Kernite side
            double w = pass(f, chunk, bytes, true), r = pass(f, chunk, bytes, false);
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
            return new Side(w, r, bytes, LatencyStats.of(lat, lat.length).summary());
        }
    }

    private static double pass(FileChannel f, ByteBuffer chunk, long bytes, boolean write) throws IOException {
        long t0 = System.nanoTime();
        for (long off = 0; off < bytes; off += CHUNK) {
            chunk.clear();
            while (chunk.hasRemaining()) {
                int k = write ? f.write(chunk, off + chunk.position()) : f.read(chunk, off + chunk.position());
                if (k < 0) throw new IOException("short image");
            }
        }
        if (write) f.force(false);
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- report

    private static void report(BenchOptions o, PrintStream out, Side k, Side d, int mib, int n) throws IOException {
        double seqRead = k.readMBps() / d.readMBps(), seqWrite = k.writeMBps() / d.writeMBps();
        double rand = (double) k.random().p50() / d.random().p50();
        out.println(RunInfo.current().line());
        out.println();
        new Table("Block I/O: Kernite's user-space driver beside a FileChannel on the same image (" + mib + " MiB, " + n + " random reads)")
            .column("operation").column("Kernite", Table.Align.RIGHT).column("direct", Table.Align.RIGHT)
            .column("Kernite / direct", Table.Align.RIGHT).column("target", Table.Align.LEFT)
            .row("sequential write 64 KiB (MB/s)", mbps(k.writeMBps()), mbps(d.writeMBps()), Table.ratio(seqWrite), verdict(seqWrite >= SEQ_TARGET, "≥ 0.50"))
            .row("sequential read 64 KiB (MB/s)", mbps(k.readMBps()), mbps(d.readMBps()), Table.ratio(seqRead), verdict(seqRead >= SEQ_TARGET, "≥ 0.50"))
            .row("random read 4 KiB p50", Table.micros(k.random().p50()), Table.micros(d.random().p50()), Table.ratio(rand), verdict(rand <= RAND_TARGET, "≤ 3.0"))
            .row("random read 4 KiB p99", Table.micros(k.random().p99()), Table.micros(d.random().p99()), Table.ratio((double) k.random().p99() / d.random().p99()), "")
            .note("Kernite: one client process, one request at a time, data moved by the device straight into the client's granted buffer")
            .print(out);
        if (o.json().isPresent()) {
            Json.object().put("seq_read_ratio", seqRead).put("seq_write_ratio", seqWrite).put("rand_read_p50_ratio", rand)
                .put("kernite_seq_read_mbps", k.readMBps()).put("kernite_seq_write_mbps", k.writeMBps())
                .put("direct_seq_read_mbps", d.readMBps()).put("direct_seq_write_mbps", d.writeMBps())
                .put("kernite_rand_read_p50_ns", k.random().p50()).put("direct_rand_read_p50_ns", d.random().p50())
                .put("host", RunInfo.current().toJson()).writeTo(o.json().get());
            out.println("wrote " + o.json().get());
        }
    }

    private static String mbps(double v) { return String.format(java.util.Locale.ROOT, "%,.0f", v); }

    private static String verdict(boolean met, String target) { return target + (met ? " met" : " MISSED"); }
}
