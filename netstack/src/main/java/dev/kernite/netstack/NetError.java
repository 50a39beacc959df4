package dev.kernite.netstack;

/**
 * The closed set of socket errors, with Linux's errno numbers as stable codes. They cross process boundaries as
 * values (the netstack server's reply carries {@link #code()}) and must never be renumbered.
 *
 * <p>Thread safety: immutable.
 */
public enum NetError {
    /** EAGAIN: nothing to read, no room to write, no connection to accept — try again when ready. */
    EAGAIN(11, "resource temporarily unavailable"),
    /** EBADF: the handle names no socket. */
    EBADF(9, "bad file descriptor"),
    /** ENOMEM / ENOBUFS: a table or queue bound was reached. */
    ENOBUFS(105, "no buffer space available"),
    /** EINVAL: an argument is out of range, or the socket is in the wrong state for the call. */
    EINVAL(22, "invalid argument"),
    /** EMSGSIZE: a datagram larger than the stack sends (no fragmentation on send). */
    EMSGSIZE(90, "message too long"),
    /** EADDRINUSE: the local port is bound already. */
    EADDRINUSE(98, "address already in use"),
    /** ENETUNREACH: no route (off-link and no gateway, or no address configured). */
    ENETUNREACH(101, "network is unreachable"),
    /** ECONNRESET: the peer reset the connection. */
    ECONNRESET(104, "connection reset by peer"),
    /** EISCONN: connect on a socket that is connected. */
    EISCONN(106, "transport endpoint is already connected"),
    /** ENOTCONN: read or write on a socket that is not connected. */
    ENOTCONN(107, "transport endpoint is not connected"),
    /** ETIMEDOUT: the peer stopped answering (connect or retransmissions gave up). */
    ETIMEDOUT(110, "connection timed out"),
    /** ECONNREFUSED: the peer answered the SYN with a reset (nobody listens). */
    ECONNREFUSED(111, "connection refused"),
    /** EHOSTUNREACH: ARP got no answer for the next hop. */
    EHOSTUNREACH(113, "no route to host"),
    /** EPIPE: write after shutdown of the writing side. */
    EPIPE(32, "broken pipe"),
    /** EOPNOTSUPP: the call does not apply to this kind of socket. */
    EOPNOTSUPP(95, "operation not supported");

    private final int code;
    private final String message;

    NetError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() { return code; }

    public String message() { return message; }

    /** The error with this code, or null when the code is none of ours. */
    public static NetError fromCode(int code) {
        for (NetError e : values()) if (e.code == code) return e;
        return null;
    }

    public String describe() { return name() + " (" + message + ")"; }
}
