package dev.kernite.runtime.net;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The wire protocol of a network interface driver (endpoint {@code nic}, docs/system-services.md), defined once
 * for the driver and its client library. A request's label is its operation; a reply's label is a {@link Status}
 * code. Integers little-endian. Frames never travel in messages: a client grants the driver a buffer dataspace
 * per channel (ATTACH), then SEND names frames in that buffer and RECV names a region of it for the driver to
 * fill; the driver copies each frame once, between the client's buffer and the device's DMA buffers.
 *
 * <pre>
 *   request (label)  payload                                          reply (label = status)       payload
 *   1 ATTACH         0 dataspace i32 (granted on this channel)         OK, INVALID_HANDLE,          0 bytes i64
 *                                                                      WRONG_TYPE, ACCESS_DENIED
 *                                                                      (needs read|write),
 *                                                                      NO_RESOURCES
 *   2 SEND           0 count i32 │ count × (offset i32 │ length i32)   OK, BAD_STATE (no buffer),   0 taken i32
 *                                                                      INVALID_ARGUMENT (a frame
 *                                                                      outside the buffer, shorter
 *                                                                      than 14 or over the MTU)
 *   3 RECV           0 offset i32 │ 4 bytes i32 │ 8 max i32 │          OK, BAD_STATE,               0 count i32 │
 *                    12 wait-ms i32                                    INVALID_ARGUMENT             count × (offset i32 │ length i32)
 *   4 INFO           —                                                 OK                           see {@link Info}
 *   5 STATS          —                                                 OK                           see {@link Stats}
 *
 *   SEND: taken ≤ count; the frames after the taken ones found the transmit queue full (back-pressure: send them
 *         again). Taken frames are copied: the client may reuse its buffer at once.
 *   RECV: frames are written one after another into [offset, offset + bytes) of the buffer, at most max of them;
 *         with none waiting the reply waits up to wait-ms (at most 1000) for one. count 0: none came.
 *   any request: INVALID_ARGUMENT when malformed, NOT_SUPPORTED for an unknown label.
 * </pre>
 *
 * RECV and INFO and STATS are safe to repeat; SEND is not (a frame may go out twice), so a client does not
 * resend a SEND the dead driver had taken — on Ethernet a lost frame is normal, a duplicate only rare.
 *
 * <p>Thread safety: stateless; the records are immutable.
 */
public final class NicProtocol {
    public static final int ATTACH = 1, SEND = 2, RECV = 3, INFO = 4, STATS = 5;
    /** Most frames in one SEND or RECV: what fits a message. */
    public static final int MAX_BATCH = (Message.MAX_PAYLOAD - 4) / 8;
    public static final int MAX_WAIT_MS = 1000;

    private NicProtocol() {}

    /** A decoded request. */
    public sealed interface Request { }

    public record Attach(int dataspace) implements Request { }

    /** Frames to send, read out of the message by the driver (the list is the message's). */
    public record Send(Message frames) implements Request {
        public int count() { return frames.getInt(0); }
        public int offset(int i) { return frames.getInt(4 + 8 * i); }
        public int length(int i) { return frames.getInt(8 + 8 * i); }
    }

    public record Recv(int offset, int bytes, int max, int waitMillis) implements Request { }

    public record InfoRequest() implements Request { }

    public record StatsRequest() implements Request { }

    public static Message attach(Message m, int dataspace) { return m.clear().setLabel(ATTACH).setLength(4).putInt(0, dataspace); }

    public static Message send(Message m, FrameList frames) {
        m.clear().setLabel(SEND).setLength(4 + 8 * frames.count()).putInt(0, frames.count());
        for (int i = 0; i < frames.count(); i++) m.putInt(4 + 8 * i, frames.offset(i)).putInt(8 + 8 * i, frames.length(i));
        return m;
    }

    public static Message recv(Message m, int offset, int bytes, int max, int waitMillis) {
        return m.clear().setLabel(RECV).setLength(16).putInt(0, offset).putInt(4, bytes).putInt(8, max).putInt(12, waitMillis);
    }

    /** Decodes a request; INVALID_ARGUMENT when malformed, NOT_SUPPORTED for an unknown label. */
    public static Result<Request> decode(Message m) {
        return switch (m.label()) {
            case ATTACH -> m.length() == 4 ? Result.ok(new Attach(m.getInt(0))) : invalid();
            case SEND -> {
                if (m.length() < 4) yield invalid();
                int n = m.getInt(0);
                yield n >= 0 && n <= MAX_BATCH && m.length() == 4 + 8 * n ? Result.ok(new Send(m)) : invalid();
            }
            case RECV -> {
                if (m.length() != 16) yield invalid();
                Recv r = new Recv(m.getInt(0), m.getInt(4), m.getInt(8), m.getInt(12));
                yield r.offset() >= 0 && r.bytes() > 0 && r.max() > 0 && r.max() <= MAX_BATCH && r.waitMillis() >= 0
                    && r.waitMillis() <= MAX_WAIT_MS ? Result.ok(r) : invalid();
            }
            case INFO -> m.length() == 0 ? Result.ok(new InfoRequest()) : invalid();
            case STATS -> m.length() == 0 ? Result.ok(new StatsRequest()) : invalid();
            default -> Result.error(Status.NOT_SUPPORTED);
        };
    }

    /** Reads a RECV or SEND reply's frame list into {@code into} (offsets as sent); PROTOCOL_ERROR when it lies. */
    public static Status frames(Message reply, FrameList into, int limit) {
        into.clear();
        if (reply.length() < 4) return Status.PROTOCOL_ERROR;
        int n = reply.getInt(0);
        if (n < 0 || n > into.capacity() || reply.length() != 4 + 8 * n) return Status.PROTOCOL_ERROR;
        for (int i = 0; i < n; i++) {
            int off = reply.getInt(4 + 8 * i), len = reply.getInt(8 + 8 * i);
            if (off < 0 || len <= 0 || off > limit - len) return Status.PROTOCOL_ERROR;
            into.add(off, len);
        }
        return Status.OK;
    }

    private static <T> Result<T> invalid() { return Result.error(Status.INVALID_ARGUMENT); }

    // ---------------------------------------------------------------- replies

    /**
     * What INFO answers: the device, its MAC, MTU and link, and the addresses provisioned at boot
     * ({@code ./kernite --net-addr}, {@code --host-addr}; 0.0.0.0/0 when none).
     */
    public record Info(String device, byte[] mac, int mtu, boolean linkUp, byte[] address, int prefix, byte[] hostAddress, int hostPrefix) {
        static final int FIXED = 32;

        public Info {
            mac = mac.clone();
            address = address.clone();
            hostAddress = hostAddress.clone();
        }

        public Message encode(Message m) {
            byte[] n = device.getBytes(StandardCharsets.UTF_8);
            m.clear().setLabel(Status.OK.code()).setLength(FIXED + n.length);
            MemorySegment b = m.buffer();
            MemorySegment.copy(mac, 0, b, ValueLayout.JAVA_BYTE, 0, 6);
            m.putInt(8, mtu).putInt(12, linkUp ? 1 : 0);
            MemorySegment.copy(address, 0, b, ValueLayout.JAVA_BYTE, 16, 4);
            m.putInt(20, prefix);
            MemorySegment.copy(hostAddress, 0, b, ValueLayout.JAVA_BYTE, 24, 4);
            m.putInt(28, hostPrefix);
            MemorySegment.copy(n, 0, b, ValueLayout.JAVA_BYTE, FIXED, n.length);
            return m;
        }

        public static Result<Info> decode(Message m) {
            if (m.length() < FIXED || m.length() > FIXED + 64) return Result.error(Status.PROTOCOL_ERROR);
            MemorySegment p = m.payload();
            return Result.ok(new Info(new String(p.asSlice(FIXED).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8),
                p.asSlice(0, 6).toArray(ValueLayout.JAVA_BYTE), m.getInt(8), m.getInt(12) != 0, p.asSlice(16, 4).toArray(ValueLayout.JAVA_BYTE),
                m.getInt(20), p.asSlice(24, 4).toArray(ValueLayout.JAVA_BYTE), m.getInt(28)));
        }

        /** {@code 02:4b:4e:00:00:00}. */
        public String macText() { return java.util.HexFormat.ofDelimiter(":").formatHex(mac); }
    }

    /**
     * What STATS answers, since the driver started.
     *
     * @param rxFrames     frames handed to clients
     * @param rxBytes      their bytes
     * @param txFrames     frames handed to the device
     * @param txBytes      their bytes
     * @param rxTooBig     frames dropped: larger than the region a RECV offered
     * @param rxBadLength  frames dropped: the device returned a length the driver could not use
     * @param txQueueFull  frames not taken because the transmit queue was full (the client sends them again)
     * @param txRejected   frames refused: outside the client's buffer, too short or over the MTU
     * @param resets       times the driver reset the device (bring-up included)
     * @param sessions     clients with a buffer attached
     */
    public record Stats(long rxFrames, long rxBytes, long txFrames, long txBytes, long rxTooBig, long rxBadLength, long txQueueFull,
                        long txRejected, long resets, int sessions) {
        static final int SIZE = 9 * 8 + 4;

        public Message encode(Message m) {
            return m.clear().setLabel(Status.OK.code()).setLength(SIZE).putLong(0, rxFrames).putLong(8, rxBytes).putLong(16, txFrames)
                .putLong(24, txBytes).putLong(32, rxTooBig).putLong(40, rxBadLength).putLong(48, txQueueFull).putLong(56, txRejected)
                .putLong(64, resets).putInt(72, sessions);
        }

        public static Result<Stats> decode(Message m) {
            if (m.length() != SIZE) return Result.error(Status.PROTOCOL_ERROR);
            return Result.ok(new Stats(m.getLong(0), m.getLong(8), m.getLong(16), m.getLong(24), m.getLong(32), m.getLong(40),
                m.getLong(48), m.getLong(56), m.getLong(64), m.getInt(72)));
        }
    }
}
