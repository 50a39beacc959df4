package dev.kernite.blk;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.blk.BlockClient;
import dev.kernite.runtime.blk.BlockProtocol;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A block client for tests and benchmarks, through {@link BlockClient} to the driver {@code blk}.
 *
 * <pre>
 *   check SECONDS BLOCKS   checksummed writes and read-backs over BLOCKS 4 KiB blocks for SECONDS, then reads every
 *                          block: each must hold the last write that was acknowledged to it
 *                          → RESULT check WRITES READS BAD RETRIES, or RESULT check failed STATUS AT
 *   bench OUT MIB N        timed: sequential 64 KiB writes then reads over MIB MiB, N random 4 KiB reads;
 *                          writes raw numbers to OUT (see BlkBench)
 * </pre>
 */
public final class BlkLoad {
    static final int BLOCK = 4096;
    static final int SECTORS_PER_BLOCK = BLOCK / BlockProtocol.SECTOR;
    private static final Duration CONNECT = Duration.ofSeconds(30);

    private BlkLoad() {}

    public static void main(String[] args) throws IOException {
        Env env = Env.connect();
        switch (args[0]) {
            case "check" -> check(env, Double.parseDouble(args[1]), Integer.parseInt(args[2]));
            case "bench" -> bench(env, Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
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
     * Sequential 64 KiB writes then reads over {@code mib} MiB (nanoseconds for each pass), then {@code n} random
     * 4 KiB reads (nanoseconds each). Output: one line "seq WRITE_NS READ_NS BYTES", then one latency per line.
     */
    private static void bench(Env env, Path out, int mib, int n) throws IOException {
        int chunk = 64 * 1024;
        BlockClient c = BlockClient.connect(env, "blk", chunk, CONNECT).orElseThrow();
        long bytes = (long) mib << 20;
        c.buffer().fill((byte) 0x5A);
        pass(c, bytes, chunk, true); // warm-up: the image's pages into the host's cache
        long w = pass(c, bytes, chunk, true);
        long r = pass(c, bytes, chunk, false);
        long[] lat = new long[n];
        SplittableRandom rnd = new SplittableRandom(7);
        long blocks = bytes / BLOCK;
        for (int i = 0; i < n; i++) {
            long b = rnd.nextLong(blocks);
            long t0 = System.nanoTime();
            Status s = c.read(b * SECTORS_PER_BLOCK, SECTORS_PER_BLOCK, 0);
            lat[i] = System.nanoTime() - t0;
            if (s != Status.OK) throw new IOException("random read " + b + ": " + s);
        }
        StringBuilder sb = new StringBuilder("seq " + w + " " + r + " " + bytes + "\n");
        for (long l : lat) sb.append(l).append('\n');
        try (FileChannel f = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bb = ByteBuffer.wrap(sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            while (bb.hasRemaining()) f.write(bb);
        }
    }

    private static long pass(BlockClient c, long bytes, int chunk, boolean write) throws IOException {
        int sectors = chunk / BlockProtocol.SECTOR;
        long t0 = System.nanoTime();
        for (long off = 0; off < bytes; off += chunk) {
            Status s = write ? c.write(off / BlockProtocol.SECTOR, sectors, 0) : c.read(off / BlockProtocol.SECTOR, sectors, 0);
            if (s != Status.OK) throw new IOException((write ? "write" : "read") + " at " + off + ": " + s);
        }
        if (write) {
            Status s = c.flush();
            if (s != Status.OK) throw new IOException("flush: " + s);
        }
        return System.nanoTime() - t0;
    }

    static void result(Object... words) {
        StringBuilder b = new StringBuilder("RESULT");
        for (Object w : words) b.append(' ').append(w);
        System.out.println(b);
        System.out.flush();
    }
}
