package dev.kernite.echo;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A load generator for the echo service, used by {@code ./kernite bench ipc}. It runs as an ordinary isolated
 * Kernite process and writes raw results to a file the benchmark reads:
 *
 * <pre>
 *   rtt OUT WARMUP N       N timed 64-byte call/reply round trips after WARMUP untimed ones;
 *                          OUT gets N little-endian i64 nanosecond samples
 *   oneway OUT WARMUP N    N one-way 64-byte sends, then a COUNT call that proves all arrived;
 *                          OUT gets two i64: messages the server counted, nanoseconds taken
 *   spin OUT SECONDS       round trips for SECONDS (a busy pair for the overcommit run);
 *                          OUT gets every sample (i64 ns) taken in that time
 * </pre>
 */
public final class EchoLoad {
    private static final int PAYLOAD = 64;

    private EchoLoad() {}

    public static void main(String[] args) throws IOException {
        Env env = Env.connect();
        Path out = Path.of(args[1]);
        int exit;
        try (Client echo = env.connect("echo").orElseThrow()) {
            exit = switch (args[0]) {
                case "rtt" -> write(out, roundTrips(echo, Integer.parseInt(args[2]), Integer.parseInt(args[3])));
                case "oneway" -> write(out, oneWay(echo, Integer.parseInt(args[2]), Integer.parseInt(args[3])));
                case "spin" -> write(out, spin(echo, Double.parseDouble(args[2])));
                default -> 2;
            };
        }
        System.exit(exit);
    }

    private static long[] roundTrips(Client echo, int warmup, int n) {
        Message req = new Message().setPayload(new byte[PAYLOAD]), rep = new Message();
        for (int i = 0; i < warmup; i++) check(echo.call(req, rep));
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Status s = echo.call(req, rep);
            samples[i] = System.nanoTime() - t0;
            check(s);
        }
        return samples;
    }

    private static long[] oneWay(Client echo, int warmup, int n) {
        Message msg = new Message().setPayload(new byte[PAYLOAD]), rep = new Message();
        Message count = new Message().setLabel(EchoServer.LABEL_COUNT);
        for (int i = 0; i < warmup; i++) check(echo.send(msg));
        check(echo.call(count, rep));
        long before = rep.getLong(0);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) check(echo.send(msg));
        check(echo.call(count, rep));
        long nanos = System.nanoTime() - t0;
        return new long[] {rep.getLong(0) - before, nanos};
    }

    private static long[] spin(Client echo, double seconds) {
        Message req = new Message().setPayload(new byte[PAYLOAD]), rep = new Message();
        long[] samples = new long[1 << 16];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (long now = System.nanoTime(); now < end; ) {
            Status s = echo.call(req, rep);
            long t = System.nanoTime();
            check(s);
            if (n == samples.length) samples = java.util.Arrays.copyOf(samples, n * 2);
            samples[n++] = t - now;
            now = t;
        }
        return java.util.Arrays.copyOf(samples, n);
    }

    private static void check(Status s) {
        if (s != Status.OK) {
            System.err.println("echo-load: " + s.name() + " (" + s.description() + ")");
            System.exit(1);
        }
    }

    private static int write(Path out, long[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        b.flip();
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) ch.write(b);
        }
        return 0;
    }
}
