package dev.kernite.runtime.fs;

import dev.kernite.runtime.Message;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian access to a message's payload for {@link FsProtocol}: a {@link Writer} that notes
 * (instead of throwing) when the payload would overflow, and a {@link Reader} that notes when a field runs past
 * the payload or a string is not valid UTF-8. Both are "sticky": after the first failure they read zeros and
 * write nothing, and the caller checks {@code ok()} once at the end — so a decoder has no exceptions and no
 * early returns per field.
 *
 * <pre>
 *   string:  0 length u16 │ 2 bytes (UTF-8, no NUL)
 * </pre>
 *
 * <p>Thread safety: not thread-safe; one per encode or decode.
 */
final class FsWire {
    private FsWire() {}

    /** Bytes {@code s} takes as a string field. */
    static int utf8Length(String s) { return 2 + s.getBytes(StandardCharsets.UTF_8).length; }

    /** Writes fields one after another from offset 0. */
    static final class Writer {
        private final Message m;
        private int at;
        private boolean overflow;

        Writer(Message m, int label) {
            this.m = m.clear().setLabel(label);
        }

        Writer i32(int v) {
            if (fits(4)) m.putInt(at, v);
            at += 4;
            return this;
        }

        Writer i64(long v) {
            if (fits(8)) m.putLong(at, v);
            at += 8;
            return this;
        }

        Writer str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0xFFFF) overflow = true;
            int n = b.length;
            if (fits(2 + n)) {
                m.buffer().set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), at, (short) n);
                MemorySegment.copy(b, 0, m.buffer(), ValueLayout.JAVA_BYTE, at + 2, n);
                m.setLength(Math.max(m.length(), at + 2 + n));
            }
            at += 2 + n;
            return this;
        }

        /** Bytes written so far (also counting what did not fit). */
        int position() { return at; }

        /** Whether everything fit in one message. */
        boolean ok() { return !overflow; }

        Message message() { return m; }

        private boolean fits(int n) {
            if (overflow || at + n > Message.MAX_PAYLOAD) {
                overflow = true;
                return false;
            }
            return true;
        }
    }

    /** Reads fields one after another from offset 0. */
    static final class Reader {
        private final Message m;
        private int at;
        private boolean bad;

        Reader(Message m) {
            this.m = m;
        }

        int i32() {
            if (!has(4)) return 0;
            int v = m.getInt(at);
            at += 4;
            return v;
        }

        long i64() {
            if (!has(8)) return 0;
            long v = m.getLong(at);
            at += 8;
            return v;
        }

        String str() {
            if (!has(2)) return "";
            int n = Short.toUnsignedInt(m.buffer().get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), at));
            if (at + 2 + n > m.length()) {
                bad = true;
                return "";
            }
            byte[] b = m.buffer().asSlice(at + 2, n).toArray(ValueLayout.JAVA_BYTE);
            at += 2 + n;
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
                if (s.indexOf('\0') >= 0) bad = true;
                return s;
            } catch (CharacterCodingException e) {
                bad = true;
                return "";
            }
        }

        /** True when every field was there and nothing is left over. */
        boolean done() { return !bad && at == m.length(); }

        /** True when every field so far was there (more may follow). */
        boolean ok() { return !bad; }

        private boolean has(int n) {
            if (bad || at + n > m.length()) {
                bad = true;
                return false;
            }
            return true;
        }
    }
}
