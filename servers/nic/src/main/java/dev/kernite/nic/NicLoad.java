package dev.kernite.nic;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.net.FrameList;
import dev.kernite.runtime.net.NicClient;
import dev.kernite.runtime.net.NicProtocol;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * A client of the network driver for tests and by hand, printing {@code RESULT} lines:
 * <ul>
 *   <li>{@code loop SERVICE SECONDS}: on a looped device ({@code --net loop}), sends checksummed frames to itself in
 *       batches and checks each that comes back, for SECONDS; survives driver restarts
 *       ({@code RESULT loop SENT RECEIVED BAD}; {@code PROGRESS} lines every second);</li>
 *   <li>{@code ping SERVICE COUNT} and {@code reflect SERVICE}: two devices on one wire; ping sends COUNT
 *       checksummed frames to the broadcast address, reflect sends every frame back, ping checks them
 *       ({@code RESULT ping SENT RECEIVED BAD});</li>
 *   <li>{@code arp SERVICE} asks (ARP) who has the host side's provisioned address and prints the answer
 *       ({@code RESULT arp MAC}).</li>
 * </ul>
 *
 * <p>Thread safety: a single-threaded program.
 */
public final class NicLoad {
    private static final short ETHERTYPE_TEST = (short) 0x88B5, ETHERTYPE_ARP = 0x0806;
    private static final int BATCH = 16, FRAME = 600;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private final NicClient nic;
    private final byte[] mac;
    private final FrameList out = new FrameList(BATCH), in = new FrameList(64);
    private long sent, received, bad;

    private NicLoad(NicClient nic, byte[] mac) {
        this.nic = nic;
        this.mac = mac;
    }

    public static void main(String[] args) throws Exception {
        Env env = Env.connect();
        NicClient nic = NicClient.connect(env, args[1], 1 << 20, Duration.ofSeconds(30)).orElseThrow();
        NicProtocol.Info info = nic.info().orElseThrow();
        NicLoad load = new NicLoad(nic, info.mac());
        switch (args[0]) {
            case "loop" -> load.loop(Duration.ofSeconds(Long.parseLong(args[2])));
            case "ping" -> load.ping(Integer.parseInt(args[2]));
            case "reflect" -> load.reflect();
            case "arp" -> load.arp(info);
            default -> throw new IllegalArgumentException("mode " + args[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    private void loop(Duration length) {
        long end = System.nanoTime() + length.toNanos(), nextReport = 0;
        int seq = 0;
        while (System.nanoTime() < end) {
            int first = seq;
            seq = sendBatch(BROADCAST, seq);
            collect(first, seq, Duration.ofMillis(300));
            if (System.nanoTime() > nextReport) {
                System.out.println("PROGRESS " + sent + " " + received + " " + bad);
                nextReport = System.nanoTime() + 1_000_000_000L;
            }
        }
        System.out.println("RESULT loop " + sent + " " + received + " " + bad);
    }

    private void ping(int count) {
        int seq = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (seq < count && System.nanoTime() < deadline) {
            int first = seq;
            seq = sendBatch(BROADCAST, seq);
            collect(first, seq, Duration.ofMillis(500));
        }
        System.out.println("RESULT ping " + sent + " " + received + " " + bad);
    }

    private void reflect() {
        MemorySegment tx = nic.txBuffer(), rx = nic.rxBuffer();
        while (true) {
            if (nic.receive(in, Duration.ofSeconds(1)) != Status.OK) continue;
            out.clear();
            long at = 0;
            for (int i = 0; i < in.count() && i < out.capacity(); i++) {
                int len = in.length(i);
                MemorySegment.copy(rx, in.offset(i), tx, at, len);
                out.add((int) at, len);
                at += len;
            }
            sendAll();
        }
    }

    /** Sends one batch of test frames from {@code seq}; returns the next sequence number. */
    private int sendBatch(byte[] dst, int seq) {
        out.clear();
        MemorySegment tx = nic.txBuffer();
        for (int i = 0; i < BATCH; i++, seq++) {
            byte[] f = frame(dst, seq);
            MemorySegment.copy(f, 0, tx, ValueLayout.JAVA_BYTE, (long) i * FRAME, f.length);
            out.add(i * FRAME, f.length);
        }
        sent += sendAll();
        return seq;
    }

    /** Sends every frame in {@code out}, again while the queue is full; returns how many went. */
    private int sendAll() {
        int total = 0, tries = 0;
        while (out.count() > 0 && tries++ < 1000) {
            Result<Integer> r = nic.send(out);
            if (!r.ok()) return total; // RETRY_UNSAFE after a driver restart: those frames are lost
            total += r.value();
            out.dropFirst(r.value());
            if (out.count() > 0) Thread.yield();
        }
        return total;
    }

    /** Receives test frames with sequence numbers in [first, end) until all came or {@code wait} passed. */
    private void collect(int first, int end, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean[] seen = new boolean[end - first];
        int got = 0;
        while (got < seen.length && System.nanoTime() < deadline) {
            if (nic.receive(in, Duration.ofMillis(50)) != Status.OK) continue;
            for (int i = 0; i < in.count(); i++) {
                byte[] f = nic.rxBuffer().asSlice(in.offset(i), in.length(i)).toArray(ValueLayout.JAVA_BYTE);
                int seq = check(f);
                if (seq == Integer.MIN_VALUE) bad++;
                else if (seq >= first && seq < end && !seen[seq - first]) {
                    seen[seq - first] = true;
                    got++;
                    received++;
                }
            }
        }
    }

    private void arp(NicProtocol.Info info) {
        ByteBuffer b = ByteBuffer.allocate(42);
        b.put(BROADCAST).put(mac).putShort(ETHERTYPE_ARP).putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4)
            .putShort((short) 1).put(mac).put(info.address()).put(new byte[6]).put(info.hostAddress());
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            MemorySegment.copy(b.array(), 0, nic.txBuffer(), ValueLayout.JAVA_BYTE, 0, 42);
            out.clear().add(0, 42);
            sendAll();
            long until = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < until) {
                if (nic.receive(in, Duration.ofMillis(100)) != Status.OK) continue;
                for (int i = 0; i < in.count(); i++) {
                    ByteBuffer r = nic.rxBuffer().asSlice(in.offset(i), in.length(i)).asByteBuffer();
                    if (r.limit() >= 42 && r.getShort(12) == ETHERTYPE_ARP && r.getShort(20) == 2
                        && Arrays.equals(slice(r, 28, 4), info.hostAddress())) {
                        System.out.println("RESULT arp " + HexFormat.ofDelimiter(":").formatHex(slice(r, 22, 6)));
                        return;
                    }
                }
            }
        }
        System.out.println("RESULT arp none");
    }

    private static byte[] slice(ByteBuffer b, int at, int n) {
        byte[] out = new byte[n];
        b.get(at, out);
        return out;
    }

    /** dst, src, test EtherType, seq, a payload derived from seq, CRC32 of all before it. */
    private byte[] frame(byte[] dst, int seq) {
        int len = 64 + Math.floorMod(seq * 7919, FRAME - 64 - 8);
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.BIG_ENDIAN);
        b.put(dst).put(mac).putShort(ETHERTYPE_TEST).putInt(seq);
        while (b.position() < len - 8) b.put((byte) (seq + b.position()));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, len - 8);
        b.putLong(crc.getValue());
        return b.array();
    }

    /** The frame's sequence number, or MIN_VALUE when it is not an intact test frame. */
    private static int check(byte[] f) {
        if (f.length < 26 || ByteBuffer.wrap(f).getShort(12) != ETHERTYPE_TEST) return Integer.MIN_VALUE;
        CRC32 crc = new CRC32();
        crc.update(f, 0, f.length - 8);
        return crc.getValue() == ByteBuffer.wrap(f).getLong(f.length - 8) ? ByteBuffer.wrap(f).getInt(14) : Integer.MIN_VALUE;
    }
}
