package dev.kernite.counter;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;

/**
 * The counter service's protocol. A request's label is its operation; a reply's label is a {@link Status} code.
 * Integers are little-endian.
 *
 * <pre>
 *   request (label)   payload           idempotent   reply (label = status)           payload (OK only)
 *   1 ADD             0 n i64           no           OK, INVALID_ARGUMENT              0 value i64 │ 8 pid i32
 *   2 GET             —                 yes          OK, INVALID_ARGUMENT              0 value i64 │ 8 pid i32
 *   other labels                                     NOT_SUPPORTED
 * </pre>
 *
 * {@code value} is the count after the operation; {@code pid} is the counter's process id, so a client can tell
 * that the counter was restarted (and its count started again from 0).
 *
 * <p>Thread safety: stateless.
 */
final class CounterProtocol {
    static final int ADD = 1;
    static final int GET = 2;
    static final int REPLY_LENGTH = Long.BYTES + Integer.BYTES;

    private CounterProtocol() {}

    /** A decoded request. */
    sealed interface Request {
        Message encode(Message m);
    }

    record Add(long n) implements Request {
        public Message encode(Message m) { return m.clear().setLabel(ADD).putLong(0, n); }
    }

    record Get() implements Request {
        public Message encode(Message m) { return m.clear().setLabel(GET); }
    }

    /** Decodes a received request: INVALID_ARGUMENT for a wrong length, NOT_SUPPORTED for an unknown label. */
    static Result<Request> decode(Message m) {
        return switch (m.label()) {
            case ADD -> m.length() == Long.BYTES ? Result.ok(new Add(m.getLong(0))) : Result.error(Status.INVALID_ARGUMENT);
            case GET -> m.length() == 0 ? Result.ok(new Get()) : Result.error(Status.INVALID_ARGUMENT);
            default -> Result.error(Status.NOT_SUPPORTED);
        };
    }

    /** Turns {@code m} into a reply carrying {@code status} and no payload. */
    static Message reply(Message m, Status status) {
        return m.clear().setLabel(status.code());
    }

    /** Turns {@code m} into an OK reply with the value and the server's pid. */
    static Message value(Message m, long value, int pid) {
        return reply(m, Status.OK).putLong(0, value).putInt(Long.BYTES, pid);
    }

    /** The status of a reply; PROTOCOL_ERROR for an OK reply of the wrong length. */
    static Status status(Message reply) {
        Status s = Status.fromCode(reply.label());
        return s == Status.OK && reply.length() != REPLY_LENGTH ? Status.PROTOCOL_ERROR : s;
    }

    static long valueOf(Message reply) { return reply.getLong(0); }

    static int pidOf(Message reply) { return reply.getInt(Long.BYTES); }
}
