package dev.kernite.abi.control;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes control-protocol fields into a buffer of {@link ControlCodec#MAX_MESSAGE} bytes. Writers are trusted
 * (they are our own code), so limits violated here are bugs and throw {@link IllegalArgumentException}.
 *
 * <p>Thread safety: not thread-safe; one writer per buffer.
 */
public final class WireWriter {
    private final ByteBuffer buf;

    public WireWriter(ByteBuffer buf) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    public WireWriter i32(int v) { buf.putInt(v); return this; }

    public WireWriter i64(long v) { buf.putLong(v); return this; }

    public WireWriter bool(boolean v) { buf.put((byte) (v ? 1 : 0)); return this; }

    public WireWriter string(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > maxBytes) throw new IllegalArgumentException("string of " + b.length + " bytes, limit " + maxBytes);
        buf.putShort((short) b.length).put(b);
        return this;
    }

    public <T> WireWriter list(List<T> items, int maxCount, BiConsumer<WireWriter, T> element) {
        if (items.size() > maxCount) throw new IllegalArgumentException("list of " + items.size() + ", limit " + maxCount);
        buf.putShort((short) items.size());
        for (T item : items) element.accept(this, item);
        return this;
    }

    public ByteBuffer buffer() { return buf; }
}
