package dev.kernite.runtime.rs;

import dev.kernite.abi.Status;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.rs.RsClient.ServiceInfo;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The wire protocol of rs (endpoint {@code rs}, docs/system-services.md), defined once for the server and its
 * client library. A request's label is its operation; a reply's label is a {@link Status} code. Integers are
 * little-endian; text is UTF-8.
 *
 * <pre>
 *   request (label)    payload                          reply (label = status)                  payload
 *   1 START            0 name, or one [section] text    OK, NOT_FOUND, ALREADY_EXISTS,           —
 *                                                       INVALID_ARGUMENT, ACCESS_DENIED, BAD_STATE
 *   2 STOP             0 name                           OK, NOT_FOUND (when the process is gone)  —
 *   3 RESTART          0 name                           OK, NOT_FOUND (when the new one is spawned) —
 *   4 KILL             0 force i32 (0/1) │ 4 name|pid   OK, NOT_FOUND                            —
 *   5 LIST             empty, or 0 skip i32             OK                                       rows
 *   6 SHUTDOWN         —                                OK (then stops everything, ends session)  —
 *   7 AWAIT_READY      0 deadline ms i32 │ 4 name       OK, TIMED_OUT, NOT_FOUND, BAD_STATE       —
 *   8 AWAIT_SESSION    —                                OK once the session ended and every      —
 *                                                       service stopped (init waits with it)
 *
 *   name: 1–64 bytes of [A-Za-z0-9._-] (a pid is its decimal digits), the whole rest of the payload.
 *   rows: '\n'-separated; a row is NAME \t PID \t STATE \t RESTARTS \t STARTED_MS \t POLICY \t LAST_EXIT;
 *         LIST answers whole rows from skip on, as many as fit; a client pages until a reply holds none.
 *   any request: INVALID_ARGUMENT when malformed, NOT_SUPPORTED for an unknown label.
 * </pre>
 *
 * <p>Thread safety: stateless; the request records are immutable.
 */
public final class RsProtocol {
    public static final int START = 1;
    public static final int STOP = 2;
    public static final int RESTART = 3;
    public static final int KILL = 4;
    public static final int LIST = 5;
    public static final int SHUTDOWN = 6;
    public static final int AWAIT_READY = 7;
    public static final int AWAIT_SESSION = 8;
    /** Longest last-exit text in a row, so that any row fits a message. */
    public static final int MAX_EXIT_TEXT = 200;

    private RsProtocol() {}

    /** A decoded, validated request. */
    public sealed interface Request {
        /** Writes the request into {@code m} (label and payload). */
        Message encode(Message m);
    }

    /** Start a service of the manifest by name, or a new one from the text of one [section]. */
    public record Start(String text) implements Request {
        public Message encode(Message m) { return putText(m.clear().setLabel(START), 0, text); }

        /** True when the text is a service name rather than a section. */
        public boolean isName() { return ProcessSpec.isValidName(text); }
    }

    public record Stop(String name) implements Request {
        public Message encode(Message m) { return putText(m.clear().setLabel(STOP), 0, name); }
    }

    public record Restart(String name) implements Request {
        public Message encode(Message m) { return putText(m.clear().setLabel(RESTART), 0, name); }
    }

    /** Kill a service's process, by service name or pid: SIGKILL when forced, else SIGTERM. */
    public record Kill(boolean force, String target) implements Request {
        public Message encode(Message m) { return putText(m.clear().setLabel(KILL).putInt(0, force ? 1 : 0), 4, target); }
    }

    /** The service table from row {@code skip} on. */
    public record ListServices(int skip) implements Request {
        public Message encode(Message m) {
            m.clear().setLabel(LIST);
            return skip == 0 ? m : m.putInt(0, skip);
        }
    }

    public record Shutdown() implements Request {
        public Message encode(Message m) { return m.clear().setLabel(SHUTDOWN); }
    }

    /** Wait until the service is ready, at most {@code deadlineMillis}. */
    public record AwaitReady(int deadlineMillis, String name) implements Request {
        public Message encode(Message m) { return putText(m.clear().setLabel(AWAIT_READY).putInt(0, deadlineMillis), 4, name); }
    }

    /** Wait until the session has ended. */
    public record AwaitSession() implements Request {
        public Message encode(Message m) { return m.clear().setLabel(AWAIT_SESSION); }
    }

    /**
     * Decodes a received request; checks everything, changes nothing.
     *
     * @return the request; INVALID_ARGUMENT for a bad length, name or number; NOT_SUPPORTED for an unknown label
     */
    public static Result<Request> decode(Message m) {
        return switch (m.label()) {
            case START -> start(m);
            case STOP -> withName(m, 0, Stop::new);
            case RESTART -> withName(m, 0, Restart::new);
            case KILL -> m.length() > 4 && (m.getInt(0) & ~1) == 0 ? withName(m, 4, t -> new Kill(m.getInt(0) == 1, t)) : invalid();
            case LIST -> m.length() == 0 ? Result.ok(new ListServices(0))
                : m.length() == 4 && m.getInt(0) >= 0 ? Result.ok(new ListServices(m.getInt(0))) : invalid();
            case SHUTDOWN -> m.length() == 0 ? Result.ok(new Shutdown()) : invalid();
            case AWAIT_READY -> m.length() > 4 && m.getInt(0) >= 0 ? withName(m, 4, n -> new AwaitReady(m.getInt(0), n)) : invalid();
            case AWAIT_SESSION -> m.length() == 0 ? Result.ok(new AwaitSession()) : invalid();
            default -> Result.error(Status.NOT_SUPPORTED);
        };
    }

    private static Result<Request> start(Message m) {
        Result<String> t = text(m, 0);
        return t.ok() && !t.value().isBlank() ? Result.ok(new Start(t.value().strip())) : invalid();
    }

    private static Result<Request> withName(Message m, int offset, Function<String, Request> make) {
        Result<String> t = text(m, offset);
        return t.ok() && ProcessSpec.isValidName(t.value()) ? Result.ok(make.apply(t.value())) : invalid();
    }

    /** The UTF-8 text from {@code offset} to the end of the payload; INVALID_ARGUMENT when empty or malformed. */
    static Result<String> text(Message m, int offset) {
        if (m.length() <= offset) return invalid();
        ByteBuffer bytes = m.payload().asSlice(offset).asByteBuffer();
        try {
            return Result.ok(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString());
        } catch (CharacterCodingException e) {
            return invalid();
        }
    }

    private static Message putText(Message m, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        m.buffer().asSlice(offset, b.length).copyFrom(MemorySegment.ofArray(b));
        return m.setLength(offset + b.length);
    }

    // ---------------------------------------------------------------- replies

    /** Writes a reply: the status as the label, no payload. */
    public static Message reply(Message m, Status status) {
        return m.clear().setLabel(status.code());
    }

    /** The status a reply carries (unknown codes read as PROTOCOL_ERROR). */
    public static Status status(Message reply) {
        return Status.fromCode(reply.label());
    }

    /**
     * Writes a LIST reply page: status OK and as many whole rows of {@code rows} as fit.
     *
     * @return how many rows it wrote
     */
    public static int putRows(Message m, List<ServiceInfo> rows) {
        reply(m, Status.OK);
        StringBuilder page = new StringBuilder();
        int count = 0, bytes = 0;
        for (ServiceInfo r : rows) {
            String row = (count == 0 ? "" : "\n") + row(r);
            int size = row.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > Message.MAX_PAYLOAD) break;
            page.append(row);
            bytes += size;
            count++;
        }
        if (count > 0) putText(m, 0, page.toString());
        return count;
    }

    private static String row(ServiceInfo r) {
        String exit = clean(r.lastExit());
        if (exit.length() > MAX_EXIT_TEXT) exit = exit.substring(0, MAX_EXIT_TEXT);
        return String.join("\t", r.name(), Integer.toString(r.pid()), clean(r.state()), Integer.toString(r.restarts()),
            Long.toString(r.startedMillis()), clean(r.policy()), exit);
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** Reads a LIST reply page; PROTOCOL_ERROR if a row is malformed. */
    public static Result<List<ServiceInfo>> rows(Message reply) {
        if (reply.length() == 0) return Result.ok(List.of());
        Result<String> text = text(reply, 0);
        if (!text.ok()) return Result.error(Status.PROTOCOL_ERROR);
        List<ServiceInfo> out = new ArrayList<>();
        for (String line : text.value().split("\n", -1)) {
            String[] f = line.split("\t", -1);
            if (f.length != 7 || !ProcessSpec.isValidName(f[0])) return Result.error(Status.PROTOCOL_ERROR);
            try {
                out.add(new ServiceInfo(f[0], Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]), f[6], Long.parseLong(f[4]), f[5]));
            } catch (NumberFormatException e) {
                return Result.error(Status.PROTOCOL_ERROR);
            }
        }
        return Result.ok(out);
    }

    private static <T> Result<T> invalid() {
        return Result.error(Status.INVALID_ARGUMENT);
    }
}
