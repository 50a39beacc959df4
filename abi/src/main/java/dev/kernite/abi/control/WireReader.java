package dev.kernite.abi.control;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads control-protocol fields from a received datagram. Every read is bounds-checked; anything malformed
 * raises {@link MalformedMessageException}, which decoders turn into {@code INVALID_ARGUMENT} — it never leaves
 * the receiving process.
 *
 * <p>Thread safety: not thread-safe; one reader per buffer.
 */
public final class WireReader {
    private final ByteBuffer buf;

    public WireReader(ByteBuffer buf) {
        this.buf = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public int i32() throws MalformedMessageException {
        need(4);
        return buf.getInt();
    }

    public long i64() throws MalformedMessageException {
        need(8);
        return buf.getLong();
    }

    public boolean bool() throws MalformedMessageException {
        need(1);
        byte b = buf.get();
        if (b != 0 && b != 1) throw new MalformedMessageException("boolean byte " + b);
        return b == 1;
    }

    /** An i32 that must lie in [min, max]. */
    public int i32(int min, int max, String what) throws MalformedMessageException {
        int v = i32();
        if (v < min || v > max) throw new MalformedMessageException(what + " " + v + " not in [" + min + ", " + max + "]");
        return v;
    }

    /** An i64 that must lie in [min, max]. */
    public long i64(long min, long max, String what) throws MalformedMessageException {
        long v = i64();
        if (v < min || v > max) throw new MalformedMessageException(what + " " + v + " not in [" + min + ", " + max + "]");
        return v;
    }

    /** A UTF-8 string of at most {@code maxBytes} bytes, length-prefixed by a u16. */
    public String string(int maxBytes) throws MalformedMessageException {
        need(2);
        int len = Short.toUnsignedInt(buf.getShort());
        if (len > maxBytes) throw new MalformedMessageException("string of " + len + " bytes, limit " + maxBytes);
        need(len);
        ByteBuffer slice = buf.slice(buf.position(), len);
        buf.position(buf.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("string is not UTF-8");
        }
    }

    /** A u16-counted list of at most {@code maxCount} elements. */
    public <T> List<T> list(int maxCount, Element<T> element) throws MalformedMessageException {
        need(2);
        int n = Short.toUnsignedInt(buf.getShort());
        if (n > maxCount) throw new MalformedMessageException("list of " + n + ", limit " + maxCount);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(element.read(this));
        return List.copyOf(out);
    }

    /** Fails unless every byte was consumed: trailing bytes mean the sender and we disagree on the layout. */
    public void end() throws MalformedMessageException {
        if (buf.hasRemaining()) throw new MalformedMessageException(buf.remaining() + " trailing bytes");
    }

    private void need(int n) throws MalformedMessageException {
        if (buf.remaining() < n) throw new MalformedMessageException("truncated: need " + n + " bytes, have " + buf.remaining());
    }

    /** Reads one list element. */
    @FunctionalInterface
    public interface Element<T> {
        T read(WireReader r) throws MalformedMessageException;
    }
}
