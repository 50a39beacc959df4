package dev.kernite.runtime.blk;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import java.nio.charset.StandardCharsets;

/**
 * The wire protocol of a block driver (endpoint {@code blk}, docs/system-services.md), defined once for the driver
 * and its client library. A request's label is its operation; a reply's label is a {@link Status} code. Integers
 * are little-endian. Data never travels in messages: a client grants the driver a buffer dataspace once (ATTACH),
 * then READ and WRITE name a range of that buffer, and the device moves the data straight to or from it.
 *
 * <pre>
 *   request (label)  payload                                     reply (label = status)            payload
 *   1 ATTACH         0 dataspace i32 (the handle the driver       OK, INVALID_HANDLE, WRONG_TYPE,    0 bytes i64
 *                      got from the client's grant on this          ACCESS_DENIED (needs read|write),
 *                      channel)                                     NO_RESOURCES
 *   2 READ           0 sector i64 │ 8 count i32 │ 12 offset i64   OK, BAD_STATE (no buffer),          —
 *   3 WRITE          0 sector i64 │ 8 count i32 │ 12 offset i64     INVALID_ARGUMENT (range),
 *                                                                   ACCESS_DENIED (read-only disk),
 *                                                                   HOST_ERROR (the device failed)
 *   4 FLUSH          —                                            OK, HOST_ERROR                     —
 *   5 INFO           —                                            OK                                 capacity i64 │ sector i32 │
 *                                                                                                      flags i32 │ max i32 │ name
 *   6 STATS          —                                            OK                                 see {@link Stats}
 *
 *   count: sectors of 512 bytes, 1 ≤ count, count·512 ≤ max transfer; offset: bytes into the attached buffer.
 *   flags: 1 = read-only.  name: the device's name, UTF-8, the rest of the payload.
 *   any request: INVALID_ARGUMENT when malformed, NOT_SUPPORTED for an unknown label.
 * </pre>
 *
 * READ, WRITE and FLUSH are idempotent (writing the same data to the same sectors twice is the same as once), so
 * a client retries them across a driver restart ({@link BlockClient}).
 *
 * <p>Thread safety: stateless; the records are immutable.
 */
public final class BlockProtocol {
    public static final int ATTACH = 1;
    public static final int READ = 2;
    public static final int WRITE = 3;
    public static final int FLUSH = 4;
    public static final int INFO = 5;
    public static final int STATS = 6;
    public static final int SECTOR = 512;
    public static final int FLAG_READ_ONLY = 1;

    private BlockProtocol() {}

    /** A decoded, validated request. */
    public sealed interface Request {
        Message encode(Message m);
    }

    public record Attach(int dataspace) implements Request {
        public Message encode(Message m) { return m.clear().setLabel(ATTACH).setLength(4).putInt(0, dataspace); }
    }

    /** Read or write {@code count} sectors from {@code sector}, into or out of the buffer at {@code offset}. */
    public record Transfer(boolean write, long sector, int count, long offset) implements Request {
        public Transfer {
            if (sector < 0 || count <= 0 || offset < 0) throw new IllegalArgumentException("sector, count and offset must be positive");
        }

        public long bytes() { return (long) count * SECTOR; }

        public Message encode(Message m) {
            return m.clear().setLabel(write ? WRITE : READ).setLength(20).putLong(0, sector).putInt(8, count).putLong(12, offset);
        }
    }

    public record Flush() implements Request {
        public Message encode(Message m) { return m.clear().setLabel(FLUSH); }
    }

    public record Info() implements Request {
        public Message encode(Message m) { return m.clear().setLabel(INFO); }
    }

    public record StatsRequest() implements Request {
        public Message encode(Message m) { return m.clear().setLabel(STATS); }
    }

    /** Decodes a request; INVALID_ARGUMENT when malformed, NOT_SUPPORTED for an unknown label. */
    public static Result<Request> decode(Message m) {
        return switch (m.label()) {
            case ATTACH -> m.length() == 4 ? Result.ok(new Attach(m.getInt(0))) : invalid();
            case READ, WRITE -> transfer(m);
            case FLUSH -> m.length() == 0 ? Result.ok(new Flush()) : invalid();
            case INFO -> m.length() == 0 ? Result.ok(new Info()) : invalid();
            case STATS -> m.length() == 0 ? Result.ok(new StatsRequest()) : invalid();
            default -> Result.error(Status.NOT_SUPPORTED);
        };
    }

    private static Result<Request> transfer(Message m) {
        if (m.length() != 20) return invalid();
        long sector = m.getLong(0), offset = m.getLong(12);
        int count = m.getInt(8);
        if (sector < 0 || count <= 0 || offset < 0) return invalid();
        return Result.ok(new Transfer(m.label() == WRITE, sector, count, offset));
    }

    private static <T> Result<T> invalid() { return Result.error(Status.INVALID_ARGUMENT); }

    // ---------------------------------------------------------------- replies

    /** What INFO answers. */
    public record DiskInfo(String name, long capacitySectors, boolean readOnly, int maxTransferBytes) {
        public long bytes() { return capacitySectors * SECTOR; }

        public Message encode(Message m) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            m.clear().setLabel(Status.OK.code()).setLength(20 + n.length).putLong(0, capacitySectors).putInt(8, SECTOR)
                .putInt(12, readOnly ? FLAG_READ_ONLY : 0).putInt(16, maxTransferBytes);
            m.buffer().asSlice(20, n.length).copyFrom(java.lang.foreign.MemorySegment.ofArray(n));
            return m;
        }

        public static Result<DiskInfo> decode(Message m) {
            if (m.length() < 20 || m.length() > 20 + 64 || m.getInt(8) != SECTOR || m.getLong(0) < 0 || m.getInt(16) < SECTOR) {
                return Result.error(Status.PROTOCOL_ERROR);
            }
            String name = new String(m.payload().asSlice(20).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            return Result.ok(new DiskInfo(name, m.getLong(0), (m.getInt(12) & FLAG_READ_ONLY) != 0, m.getInt(16)));
        }
    }

    /** What STATS answers: counts since the driver started, and how often it reset the device. */
    public record Stats(long reads, long writes, long flushes, long bytesRead, long bytesWritten, long errors,
                        long resets, int inFlight, int sessions) {
        static final int SIZE = 7 * 8 + 2 * 4;

        public Message encode(Message m) {
            return m.clear().setLabel(Status.OK.code()).setLength(SIZE).putLong(0, reads).putLong(8, writes).putLong(16, flushes)
                .putLong(24, bytesRead).putLong(32, bytesWritten).putLong(40, errors).putLong(48, resets)
                .putInt(56, inFlight).putInt(60, sessions);
        }

        public static Result<Stats> decode(Message m) {
            if (m.length() != SIZE) return Result.error(Status.PROTOCOL_ERROR);
            return Result.ok(new Stats(m.getLong(0), m.getLong(8), m.getLong(16), m.getLong(24), m.getLong(32), m.getLong(40),
                m.getLong(48), m.getInt(56), m.getInt(60)));
        }
    }
}
