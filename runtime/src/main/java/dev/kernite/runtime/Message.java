package dev.kernite.runtime;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.ring.ReplyToken;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A reusable, mutable IPC message: a label, a payload of up to {@link #MAX_PAYLOAD} bytes, and — for a message
 * that was received — the caller's badge, the status of a reply and the token that routes a reply back.
 *
 * <p>The payload lives in a private buffer, never in shared memory: the rings copy a message in and out, so what
 * a caller reads here cannot change under it. One message object serves any number of calls; nothing on the
 * send/receive path allocates.
 *
 * <p>Fields a receiver sees:
 * <ul>
 *   <li>{@link #badge()} — set by the server runtime from its own record of the channel (never read from shared
 *       memory): it says who is calling and cannot be forged by the peer.</li>
 *   <li>{@link #status()} — the outcome of the call whose reply this is ({@link Status#OK}, or why none came).</li>
 *   <li>{@link #expectsReply()} — true for a received call that has not yet been answered.</li>
 * </ul>
 *
 * <p>Payload integers are little-endian. {@code put*} grows {@link #length()} to cover what it wrote;
 * {@code get*} reads only inside {@link #length()} (a decoder must check the length of what a peer sent
 * before reading fields; reading beyond it is a bug and throws {@link IndexOutOfBoundsException}).
 *
 * <p>Thread safety: not thread-safe. A message has one owner at a time; hand it between threads only with a
 * happens-before edge (a queue, a lock).
 */
public final class Message {
    /** Largest payload a message carries: the inline payload of a default-sized channel slot. */
    public static final int MAX_PAYLOAD = ChannelLayout.maxPayload(ChannelLayout.DEFAULT_SLOT_SIZE);

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment buffer = MemorySegment.ofArray(new byte[MAX_PAYLOAD]);
    private final ReplyToken token = new ReplyToken();
    private int label;
    private int length;
    private long badge;
    private Status status = Status.OK;

    /** An empty message: label 0, no payload, status OK. */
    public Message() {}

    /**
     * Resets label, payload length, badge and status, so a received call's message can be rebuilt into its reply.
     * The reply token is kept (a reply consumes it; the next receive replaces it); the buffer's bytes are left.
     */
    public Message clear() {
        label = 0;
        length = 0;
        badge = 0;
        status = Status.OK;
        return this;
    }

    public int label() { return label; }

    public Message setLabel(int label) {
        this.label = label;
        return this;
    }

    /** Payload length in bytes, in [0, {@link #MAX_PAYLOAD}]. */
    public int length() { return length; }

    /** Sets the payload length; the bytes are whatever {@link #buffer()} holds. */
    public Message setLength(int length) {
        Objects.checkIndex(length, MAX_PAYLOAD + 1);
        this.length = length;
        return this;
    }

    /** Who sent a received message, as the server runtime knows it; 0 on the client side. */
    public long badge() { return badge; }

    public Message setBadge(long badge) {
        this.badge = badge;
        return this;
    }

    /** The outcome of the call this message is the reply to; {@link Status#OK} otherwise. */
    public Status status() { return status; }

    public Message setStatus(Status status) {
        this.status = Objects.requireNonNull(status);
        return this;
    }

    /** The payload: a view of the first {@link #length()} bytes of the buffer (valid until the next change). */
    public MemorySegment payload() { return buffer.asSlice(0, length); }

    /** The whole buffer ({@link #MAX_PAYLOAD} bytes), for filling a payload in place before {@link #setLength}. */
    public MemorySegment buffer() { return buffer; }

    /** A copy of the payload. Allocates; not for hot paths. */
    public byte[] bytes() { return payload().toArray(ValueLayout.JAVA_BYTE); }

    /** Copies {@code bytes} in as the whole payload. */
    public Message setPayload(byte[] bytes) {
        Objects.checkIndex(bytes.length, MAX_PAYLOAD + 1);
        MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
        length = bytes.length;
        return this;
    }

    /** Copies {@code source} in as the whole payload. */
    public Message setPayload(MemorySegment source) {
        long n = source.byteSize();
        Objects.checkIndex(n, MAX_PAYLOAD + 1);
        MemorySegment.copy(source, 0, buffer, 0, n);
        length = (int) n;
        return this;
    }

    public Message putInt(int offset, int value) {
        Objects.checkFromIndexSize(offset, Integer.BYTES, MAX_PAYLOAD);
        buffer.set(INT, offset, value);
        length = Math.max(length, offset + Integer.BYTES);
        return this;
    }

    public Message putLong(int offset, long value) {
        Objects.checkFromIndexSize(offset, Long.BYTES, MAX_PAYLOAD);
        buffer.set(LONG, offset, value);
        length = Math.max(length, offset + Long.BYTES);
        return this;
    }

    public int getInt(int offset) {
        Objects.checkFromIndexSize(offset, Integer.BYTES, length);
        return buffer.get(INT, offset);
    }

    public long getLong(int offset) {
        Objects.checkFromIndexSize(offset, Long.BYTES, length);
        return buffer.get(LONG, offset);
    }

    /** True for a received call that still needs a reply. */
    public boolean expectsReply() { return token.isCall(); }

    /**
     * Moves the reply token of a received call from {@code request} to this message, so a reply can be built in
     * another buffer (or later, after receiving other messages). {@code request} no longer expects a reply.
     */
    public Message takeReplyToken(Message request) {
        if (request != this) token.moveFrom(request.token);
        return this;
    }

    /** The runtime's routing record for a reply; opaque outside the runtime. */
    public ReplyToken replyToken() { return token; }

    @Override
    public String toString() {
        return "Message[label=" + label + ", length=" + length + ", badge=" + badge + ", status=" + status + "]";
    }
}
