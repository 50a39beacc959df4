package dev.kernite.netstack;

import java.util.Random;
import java.util.zip.CRC32;

/** One direction of a TCP byte stream in a test: writes {@code total} seeded bytes, reads and checksums them. */
final class Transfer {
    private final NetStack sender;
    private final int out;
    private final NetStack receiver;
    private final int in;
    private final long total;
    private final Random data;
    private final CRC32 sent = new CRC32();
    private final CRC32 received = new CRC32();
    private final byte[] chunk = new byte[8192];
    private int chunkLength;
    private int chunkPos;
    private long written;
    long read;
    boolean eof;
    boolean shutdownWhenDone = true;
    boolean reading = true;

    Transfer(NetStack sender, int out, NetStack receiver, int in, long total, long seed) {
        this.sender = sender;
        this.out = out;
        this.receiver = receiver;
        this.in = in;
        this.total = total;
        this.data = new Random(seed);
    }

    /** Moves whatever can move now without blocking. */
    void step() {
        while (written < total) {
            if (chunkPos == chunkLength) {
                chunkLength = (int) Math.min(chunk.length, total - written);
                data.nextBytes(chunk);
                sent.update(chunk, 0, chunkLength);
                chunkPos = 0;
            }
            NetResult r = sender.tcpWrite(out, chunk, chunkPos, chunkLength - chunkPos);
            if (!r.isOk()) {
                if (r.error() != NetError.EAGAIN) throw new AssertionError("write: " + r);
                break;
            }
            chunkPos += r.value();
            written += r.value();
            if (written == total && shutdownWhenDone) sender.tcpShutdown(out);
        }
        byte[] buf = new byte[16384];
        while (reading && !eof) {
            NetResult r = receiver.tcpRead(in, buf, 0, buf.length);
            if (!r.isOk()) {
                if (r.error() != NetError.EAGAIN) throw new AssertionError("read: " + r);
                break;
            }
            if (r.value() == 0) eof = true;
            received.update(buf, 0, r.value());
            read += r.value();
        }
    }

    boolean done() { return eof; }

    boolean intact() { return read == total && sent.getValue() == received.getValue(); }
}
