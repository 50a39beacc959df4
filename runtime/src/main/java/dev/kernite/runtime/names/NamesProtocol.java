package dev.kernite.runtime.names;

import dev.kernite.abi.Status;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The wire protocol of the names service (endpoint {@code names}, docs/system-services.md), defined once for the
 * server and its client library. A request's label is its operation; a reply's label is a {@link Status} code.
 * Integers are little-endian.
 *
 * <pre>
 *   request (label)   payload                                    reply (label = status)   payload
 *   1 REGISTER        0 handle i32 │ 4 name                      OK, INVALID_HANDLE,      —
 *                                                                WRONG_TYPE, ACCESS_DENIED,
 *                                                                INVALID_ARGUMENT
 *   2 LOOKUP          0 name                                     OK, NOT_FOUND            0 handle i32 (OK only)
 *   3 UNREGISTER      0 name                                     OK, NOT_FOUND            —
 *   4 LIST            empty, or 0 skip i32                       OK                       names, '\n'-separated
 *
 *   name: 1–64 bytes of [A-Za-z0-9._-] (ASCII, so its UTF-8 is itself), the whole rest of the payload.
 *   any request: INVALID_ARGUMENT when malformed, NOT_SUPPORTED for an unknown label.
 * </pre>
 *
 * <p>REGISTER's handle is a number in the names server's own table: the registrant first transfers an endpoint
 * capability with SEND|GRANT over the same channel ({@code Env.transfer}) and sends the handle that transfer
 * returned. LOOKUP's handle is a SEND capability names has just transferred into the caller's table. LIST answers
 * the bound names in sorted order from {@code skip} on, as many whole names as fit in one payload; a client pages
 * until a reply holds none.
 *
 * <p>Thread safety: stateless; the request records are immutable.
 */
public final class NamesProtocol {
    public static final int REGISTER = 1;
    public static final int LOOKUP = 2;
    public static final int UNREGISTER = 3;
    public static final int LIST = 4;

    /** Longest name, in bytes. */
    public static final int MAX_NAME = 64;
    /** Largest request payload: REGISTER, a handle and the longest name. */
    public static final int MAX_REQUEST = Integer.BYTES + MAX_NAME;

    private NamesProtocol() {}

    /** A decoded, validated request. */
    public sealed interface Request {
        /** Writes the request into {@code m} (label and payload). */
        Message encode(Message m);
    }

    /** Bind {@code name} to the endpoint capability {@code handle} in the server's table. */
    public record Register(int handle, String name) implements Request {
        public Message encode(Message m) {
            return putName(m.clear().setLabel(REGISTER).putInt(0, handle), Integer.BYTES, name);
        }
    }

    /** A SEND copy of the endpoint bound to {@code name}, transferred to the caller. */
    public record Lookup(String name) implements Request {
        public Message encode(Message m) { return putName(m.clear().setLabel(LOOKUP), 0, name); }
    }

    /** Remove the binding of {@code name} (names closes its handle). */
    public record Unregister(String name) implements Request {
        public Message encode(Message m) { return putName(m.clear().setLabel(UNREGISTER), 0, name); }
    }

    /** The bound names in sorted order, skipping the first {@code skip}. */
    public record ListNames(int skip) implements Request {
        public Message encode(Message m) {
            m.clear().setLabel(LIST);
            return skip == 0 ? m : m.putInt(0, skip);
        }
    }

    /**
     * Decodes a received request; checks everything, changes nothing.
     *
     * @return the request; INVALID_ARGUMENT for a bad length, name or skip; NOT_SUPPORTED for an unknown label
     */
    public static Result<Request> decode(Message m) {
        return switch (m.label()) {
            case REGISTER -> decodeRegister(m);
            case LOOKUP -> withName(m, Lookup::new);
            case UNREGISTER -> withName(m, Unregister::new);
            case LIST -> decodeList(m);
            default -> Result.error(Status.NOT_SUPPORTED);
        };
    }

    private static Result<Request> decodeRegister(Message m) {
        if (m.length() < Integer.BYTES) return invalid();
        Result<String> name = name(m, Integer.BYTES);
        return name.ok() ? Result.ok(new Register(m.getInt(0), name.value())) : invalid();
    }

    private static Result<Request> withName(Message m, Function<String, Request> make) {
        Result<String> name = name(m, 0);
        return name.ok() ? Result.ok(make.apply(name.value())) : invalid();
    }

    private static Result<Request> decodeList(Message m) {
        if (m.length() == 0) return Result.ok(new ListNames(0));
        if (m.length() != Integer.BYTES || m.getInt(0) < 0) return invalid();
        return Result.ok(new ListNames(m.getInt(0)));
    }

    /** The name in the payload from {@code offset} to its end; INVALID_ARGUMENT unless it is a valid name. */
    static Result<String> name(Message m, int offset) {
        int n = m.length() - offset;
        if (n < 1 || n > MAX_NAME) return Result.error(Status.INVALID_ARGUMENT);
        byte[] bytes = m.payload().asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE);
        String s = new String(bytes, StandardCharsets.US_ASCII);
        return isValidName(s) ? Result.ok(s) : Result.error(Status.INVALID_ARGUMENT);
    }

    /** True for 1–64 characters of {@code [A-Za-z0-9._-]} (the same rule as process and endpoint names). */
    public static boolean isValidName(String s) {
        return ProcessSpec.isValidName(s);
    }

    private static Message putName(Message m, int offset, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        m.buffer().asSlice(offset, b.length).copyFrom(MemorySegment.ofArray(b));
        return m.setLength(offset + b.length);
    }

    /**
     * Writes a LIST reply page: status OK and as many whole names from {@code names} as fit, '\n'-separated.
     *
     * @return how many names it wrote
     */
    public static int putNames(Message m, Iterable<String> names) {
        reply(m, Status.OK);
        int length = 0, count = 0;
        for (String n : names) {
            int at = length == 0 ? 0 : length + 1;
            if (at + n.length() > Message.MAX_PAYLOAD) break;
            if (at > 0) m.buffer().set(ValueLayout.JAVA_BYTE, length, (byte) '\n');
            MemorySegment.copy(MemorySegment.ofArray(n.getBytes(StandardCharsets.US_ASCII)), 0, m.buffer(), at, n.length());
            length = at + n.length();
            count++;
        }
        m.setLength(length);
        return count;
    }

    /** Reads a LIST reply page; PROTOCOL_ERROR if it holds anything but valid names. */
    public static Result<List<String>> names(Message reply) {
        if (reply.length() == 0) return Result.ok(List.of());
        List<String> out = List.of(new String(reply.bytes(), StandardCharsets.US_ASCII).split("\n", -1));
        return out.stream().allMatch(NamesProtocol::isValidName) ? Result.ok(out) : Result.error(Status.PROTOCOL_ERROR);
    }

    /** Writes a reply: the status as the label, no payload. */
    public static Message reply(Message m, Status status) {
        return m.clear().setLabel(status.code());
    }

    /** The status a reply carries (unknown codes read as PROTOCOL_ERROR). */
    public static Status status(Message reply) {
        return Status.fromCode(reply.label());
    }

    private static <T> Result<T> invalid() {
        return Result.error(Status.INVALID_ARGUMENT);
    }
}
