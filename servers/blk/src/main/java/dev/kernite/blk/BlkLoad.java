package dev.kernite.blk;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.blk.BlockClient;
import dev.kernite.runtime.blk.BlockProtocol;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A block client for tests and benchmarks, through {@link BlockClient} to the driver {@code blk}.
 *
 * <pre>
 *   check SECONDS BLOCKS   checksummed writes and read-backs over BLOCKS 4 KiB blocks for SECONDS, then reads every
 *                          block: each must hold the last write that was acknowledged to it
 *                          → RESULT check WRITES READS BAD RETRIES, or RESULT check failed STATUS AT
 *   bench OUT MIB N S      timed: sequential 64 KiB writes then reads over MIB MiB as one stream and as S
 *                          streams, N random 4 KiB reads; writes raw numbers to OUT (see BlkBench)
 * </pre>
 */
public final class BlkLoad {
    static final int BLOCK = 4096;
    static final int SECTORS_PER_BLOCK = BLOCK / BlockProtocol.SECTOR;
    private static final Duration CONNECT = Duration.ofSeconds(30);

    private BlkLoad() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Env env = Env.connect();
        switch (args[0]) {
            case "check" -> check(env, Double.parseDouble(args[1]), Integer.parseInt(args[2]));
            case "bench" -> bench(env, Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> result("usage", Status.INVALID_ARGUMENT);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- check

    /**
     * Block {@code b}, generation {@code g}: bytes 0–7 the block number, 8–15 the generation, then pseudo-random
     * bytes seeded by both, and the last 4 bytes a CRC32C of the rest. Generation 0 is "never written" (zeros).
     */
    static void fill(MemorySegment buf, long b, long g) {
        SplittableRandom r = new SplittableRandom(b * 1_000_003 + g);
        buf.set(LONG, 0, b);
        buf.set(LONG, 8, g);
        for (int i = 16; i < BLOCK - 4; i += 8) buf.set(LONG, i, r.nextLong());
        buf.set(INT, BLOCK - 4, crc(buf));
    }

    /** The generation a block holds, or -1 when it is corrupt (bad checksum, or another block's data). */
    static long generationOf(MemorySegment buf, long b) {
        if (buf.get(LONG, 0) == 0 && buf.get(LONG, 8) == 0 && buf.get(INT, BLOCK - 4) == 0) return 0;
        if (buf.get(INT, BLOCK - 4) != crc(buf) || buf.get(LONG, 0) != b) return -1;
        return buf.get(LONG, 8);
    }

    private static int crc(MemorySegment buf) {
        CRC32C c = new CRC32C();
        c.update(buf.asSlice(0, BLOCK - 4).asByteBuffer());
        return (int) c.getValue();
    }

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static void check(Env env, double seconds, int blocks) {
        BlockClient c = BlockClient.connect(env, "blk", BLOCK, CONNECT).orElseThrow();
        long[] acked = new long[blocks];
        SplittableRandom rnd = new SplittableRandom(42);
        long writes = 0, reads = 0, bad = 0, end = System.nanoTime() + (long) (seconds * 1e9);
        MemorySegment buf = c.buffer();
        while (System.nanoTime() < end) {
            int b = rnd.nextInt(blocks);
            if (rnd.nextInt(3) > 0) {
                fill(buf, b, acked[b] + 1);
                Status s = c.write((long) b * SECTORS_PER_BLOCK, SECTORS_PER_BLOCK, 0);
                if (s != Status.OK) { result("check", "failed", s, "write", b); return; }
                acked[b]++;
                writes++;
            } else {
                Status s = c.read((long) b * SECTORS_PER_BLOCK, SECTORS_PER_BLOCK, 0);
                if (s != Status.OK) { result("check", "failed", s, "read", b); return; }
                reads++;
                if (generationOf(buf, b) != acked[b]) { bad++; result("check", "mismatch", b, generationOf(buf, b), acked[b]); }
            }
        }
        Status f = c.flush();
        if (f != Status.OK) { result("check", "failed", f, "flush", 0); return; }
        for (int b = 0; b < blocks; b++) {
            Status s = c.read((long) b * SECTORS_PER_BLOCK, SECTORS_PER_BLOCK, 0);
            if (s != Status.OK) { result("check", "failed", s, "verify", b); return; }
            if (generationOf(buf, b) != acked[b]) { bad++; result("check", "mismatch", b, generationOf(buf, b), acked[b]); }
        }
        result("check", writes, reads, bad, c.retries());
    }

    // ---------------------------------------------------------------- bench

    /**
     * Sequential 64 KiB writes then reads over {@code mib} MiB, first as one stream (one request at a time), then as
     * {@code streams} streams at once (each its own client and channel, taking every {@code streams}-th chunk — the
     * driver then has that many requests in flight); then {@code n} INFO calls (the driver's answer without the
     * device) and {@code n} random 4 KiB reads, one at a time. Output: "seq 1 WRITE_NS READ_NS BYTES",
     * "seq STREAMS WRITE_NS READ_NS BYTES", "info P50_NS", then one random-read latency per line.
     */
    private static void bench(Env env, Path out, int mib, int n, int streams) throws IOException, InterruptedException {
        int chunk = 64 * 1024;
        List<BlockClient> clients = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            BlockClient c = BlockClient.connect(env, "blk", chunk, CONNECT).orElseThrow();
            c.buffer().fill((byte) (0x5A + i));
            clients.add(c);
        }
        long bytes = (long) mib << 20;
        BlockClient first = clients.getFirst();
        // Warm-up, as the direct side: the image's pages into the host's cache, and every path (one stream and
        // several, writes and reads) compiled by the JIT before anything is timed.
        passes(List.of(first), bytes, chunk, true);
        passes(clients, bytes, chunk, false);
        long w1 = passes(List.of(first), bytes, chunk, true), r1 = passes(List.of(first), bytes, chunk, false);
        long ws = passes(clients, bytes, chunk, true), rs = passes(clients, bytes, chunk, false);
        long[] info = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            if (!first.info().ok()) throw new IOException("INFO failed");
            info[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(info);
        long[] lat = new long[n];
        SplittableRandom rnd = new SplittableRandom(7);
        long blocks = bytes / BLOCK;
        for (int i = 0; i < n; i++) {
            long b = rnd.nextLong(blocks);
            long t0 = System.nanoTime();
            Status s = first.read(b * SECTORS_PER_BLOCK, SECTORS_PER_BLOCK, 0);
            lat[i] = System.nanoTime() - t0;
            if (s != Status.OK) throw new IOException("random read " + b + ": " + s);
        }
        StringBuilder sb = new StringBuilder("seq 1 " + w1 + " " + r1 + " " + bytes + "\nseq " + streams + " " + ws + " " + rs + " " + bytes
            + "\ninfo " + info[n / 2] + "\n");
        for (long l : lat) sb.append(l).append('\n');
        Files.writeString(out, sb);
    }

    /** One sequential pass split across the clients (client i takes chunks i, i + k, …); nanoseconds. */
    private static long passes(List<BlockClient> clients, long bytes, int chunk, boolean write) throws IOException, InterruptedException {
        int k = clients.size();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < k; i++) {
            BlockClient c = clients.get(i);
            long from = (long) i * chunk;
            threads.add(Thread.ofPlatform().start(() -> {
                int sectors = chunk / BlockProtocol.SECTOR;
                for (long off = from; off < bytes && failure.get() == null; off += (long) k * chunk) {
                    Status s = write ? c.write(off / BlockProtocol.SECTOR, sectors, 0) : c.read(off / BlockProtocol.SECTOR, sectors, 0);
                    if (s != Status.OK) failure.compareAndSet(null, (write ? "write" : "read") + " at " + off + ": " + s);
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (write && failure.get() == null) {
            Status s = clients.getFirst().flush();
            if (s != Status.OK) failure.compareAndSet(null, "flush: " + s);
        }
        if (failure.get() != null) throw new IOException(failure.get());
        return System.nanoTime() - t0;
    }

    static void result(Object... words) {
        StringBuilder b = new StringBuilder("RESULT");
        for (Object w : words) b.append(' ').append(w);
        System.out.println(b);
        System.out.flush();
    }
}
