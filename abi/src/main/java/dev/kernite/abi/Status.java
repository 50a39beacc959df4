package dev.kernite.abi;

/**
 * The closed set of results of every kernel operation and IPC primitive. Codes are stable: they cross process
 * boundaries as values and must never be renumbered. {@link #OK} is 0; every other code is an error.
 *
 * <p>Thread safety: immutable.
 */
public enum Status {
    /** The operation succeeded. */
    OK(0, "success"),
    /** A request field is out of range or malformed; nothing was changed. */
    INVALID_ARGUMENT(1, "invalid argument"),
    /** The handle names no capability in the caller's table (never issued, closed, or revoked). */
    INVALID_HANDLE(2, "no such handle"),
    /** The handle names a capability of another type than the operation needs. */
    WRONG_TYPE(3, "capability has the wrong type"),
    /** The capability lacks a right the operation needs, or the caller lacks a needed process right. */
    ACCESS_DENIED(4, "access denied: missing right"),
    /** The process at the other end of the channel died; the channel is closed. */
    PEER_DIED(5, "peer died"),
    /** The channel was closed by its peer or by the kernel. */
    CHANNEL_CLOSED(6, "channel closed"),
    /** The peer wrote something the protocol does not allow; the channel was closed. */
    PROTOCOL_ERROR(7, "protocol error: peer misbehaved"),
    /** The operation would block and the caller asked not to wait (back-pressure). */
    WOULD_BLOCK(8, "would block"),
    /** A deadline passed before the operation completed. */
    TIMED_OUT(9, "timed out"),
    /** A memory quota would be exceeded. */
    OUT_OF_MEMORY(10, "out of memory (quota exceeded)"),
    /** A table or host resource is exhausted (handles, file descriptors, processes). */
    NO_RESOURCES(11, "out of resources"),
    /** A named object does not exist. */
    NOT_FOUND(12, "not found"),
    /** A named object already exists. */
    ALREADY_EXISTS(13, "already exists"),
    /** A message payload exceeds the channel's inline limit. */
    MESSAGE_TOO_LARGE(14, "message too large"),
    /** The waiting thread was interrupted. */
    INTERRUPTED(15, "interrupted"),
    /** The operation is valid but not supported by this object or build. */
    NOT_SUPPORTED(16, "not supported"),
    /** A host (Linux) call failed for a reason outside the caller's control. */
    HOST_ERROR(17, "host error"),
    /** The object is not in a state that allows the operation (for example a process that already exited). */
    BAD_STATE(18, "bad state"),
    /** The kernel connection is gone; the process should exit. */
    KERNEL_GONE(19, "kernel connection lost"),
    /**
     * The service died after taking a request that is not safe to repeat; it may or may not have been carried
     * out. Never retried automatically (a silent duplicate would be worse).
     */
    RETRY_UNSAFE(20, "service restarted during a non-idempotent request: it may or may not have run");

    private static final Status[] BY_CODE;
    static {
        Status[] values = values();
        BY_CODE = new Status[values.length];
        for (Status s : values) {
            if (BY_CODE[s.code] != null) throw new AssertionError("duplicate status code " + s.code);
            BY_CODE[s.code] = s;
        }
    }

    private final int code;
    private final String description;

    Status(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The stable wire code. */
    public int code() { return code; }

    /** A short human-readable description. */
    public String description() { return description; }

    public boolean isOk() { return this == OK; }

    /**
     * Decodes a wire code. An unknown code (a newer peer, or garbage) decodes to {@link #PROTOCOL_ERROR},
     * never to an exception.
     */
    public static Status fromCode(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : PROTOCOL_ERROR;
    }
}
