package dev.kernite.net;

import dev.kernite.runtime.Env;
import dev.kernite.runtime.net.KSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * An application the system tests and the benchmark start under rs: it uses the socket library as any program
 * would and prints {@code RESULT ...} lines to its log.
 *
 * <pre>
 *   exchange HOST PORT BYTES   connect, send BYTES of {@link #content}, half-close, read to the end; prints
 *                              RESULT exchange SENT-SHA256 RECEIVED-SHA256 RECEIVED-BYTES
 *   sink HOST PORT BYTES       connect, send BYTES as fast as it can, close; prints RESULT sink MBPS
 *   source HOST PORT           connect, read to the end; prints RESULT source BYTES MBPS
 *   hold HOST PORT             connect, print CONNECTED, read until an error, print RESULT hold ERROR …; then
 *                              connect again (retrying up to 30 s), send "again\n" and print RESULT reconnect OK
 * </pre>
 *
 * <p>Thread safety: a program with one thread.
 */
public final class NetProbe {
    private NetProbe() {}

    public static void main(String[] args) throws Exception {
        Env env = Env.connect();
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        try {
            switch (args[0]) {
                case "exchange" -> exchange(env, host, port, Long.parseLong(args[3]));
                case "sink" -> sink(env, host, port, Long.parseLong(args[3]));
                case "source" -> source(env, host, port);
                case "hold" -> hold(env, host, port);
                default -> System.out.println("RESULT unknown mode " + args[0]);
            }
        } catch (IOException e) {
            System.out.println("RESULT " + args[0] + " FAILED " + e);
        }
        System.out.flush();
        System.exit(0);
    }

    /** Byte i of the test content: a pattern that a shifted or repeated block would not match. */
    public static byte content(long i) { return (byte) (i * 31 + (i >>> 10) * 7); }

    private static void exchange(Env env, String host, int port, long bytes) throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256"), got = MessageDigest.getInstance("SHA-256");
        long received = 0;
        try (KSocket s = KSocket.connect(env, host, port, Duration.ofSeconds(20))) {
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            for (long off = 0; off < bytes; ) {
                int n = (int) Math.min(chunk.length, bytes - off);
                for (int i = 0; i < n; i++) chunk[i] = content(off + i);
                out.write(chunk, 0, n);
                sent.update(chunk, 0, n);
                off += n;
            }
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                got.update(chunk, 0, n);
                received += n;
            }
        }
        System.out.println("RESULT exchange " + HexFormat.of().formatHex(sent.digest()) + " " + HexFormat.of().formatHex(got.digest()) + " " + received);
    }

    private static void sink(Env env, String host, int port, long bytes) throws Exception {
        byte[] chunk = new byte[128 * 1024];
        long t0 = System.nanoTime();
        try (KSocket s = KSocket.connect(env, host, port, Duration.ofSeconds(20))) {
            for (long off = 0; off < bytes; off += chunk.length) s.getOutputStream().write(chunk, 0, (int) Math.min(chunk.length, bytes - off));
            s.shutdownOutput();
            s.getInputStream().read(new byte[16]); // the peer closes once it has everything
        }
        System.out.printf("RESULT sink %.1f%n", bytes * 8 / 1e6 / ((System.nanoTime() - t0) / 1e9));
    }

    private static void source(Env env, String host, int port) throws Exception {
        byte[] chunk = new byte[128 * 1024];
        long t0 = System.nanoTime(), total = 0;
        try (KSocket s = KSocket.connect(env, host, port, Duration.ofSeconds(20))) {
            for (int n = s.getInputStream().read(chunk); n >= 0; n = s.getInputStream().read(chunk)) total += n;
        }
        System.out.printf("RESULT source %d %.1f%n", total, total * 8 / 1e6 / ((System.nanoTime() - t0) / 1e9));
    }

    private static void hold(Env env, String host, int port) throws Exception {
        try (KSocket s = KSocket.connect(env, host, port, Duration.ofSeconds(20))) {
            System.out.println("CONNECTED");
            System.out.flush();
            byte[] b = new byte[4096];
            while (s.getInputStream().read(b) >= 0) { /* until an error */ }
            System.out.println("RESULT hold EOF");
        } catch (IOException e) {
            System.out.println("RESULT hold ERROR " + e);
        }
        System.out.flush();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (KSocket s = KSocket.connect(env, host, port, Duration.ofSeconds(5))) {
                s.getOutputStream().write("again\n".getBytes());
                System.out.println("RESULT reconnect OK");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(300);
            }
        }
    }
}
