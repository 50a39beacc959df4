package dev.kernite.runtime.net;

/**
 * The closed set of errors of the netstack server's socket protocol ({@link SocketProtocol}), with Linux's errno
 * numbers as stable wire codes: a reply's label is 0 or one of these. The server maps its engine's errors onto
 * them by code; the java.net-like classes turn them into IOExceptions ({@link NetExceptions}).
 *
 * <p>Thread safety: immutable.
 */
public enum SocketError {
    /** ENOENT: a name the resolver could not find. */
    ENOENT(2, "name not found"),
    /** EBADF: no such socket (closed, never ours, or from before the server restarted). */
    EBADF(9, "bad file descriptor"),
    /** EAGAIN: a blocking call's timeout passed first (a read, accept, receive or write that found no room). */
    EAGAIN(11, "resource temporarily unavailable"),
    /** EINVAL: an argument out of range, or a socket in the wrong state for the call. */
    EINVAL(22, "invalid argument"),
    /** EPIPE: writing after shutdown of the writing side. */
    EPIPE(32, "broken pipe"),
    /** EMSGSIZE: a datagram or ping larger than the stack sends. */
    EMSGSIZE(90, "message too long"),
    /** EOPNOTSUPP: the call does not apply to this kind of socket; an unknown request. */
    EOPNOTSUPP(95, "operation not supported"),
    /** EADDRINUSE: the local port is taken. */
    EADDRINUSE(98, "address already in use"),
    /** ENETDOWN: the server has no network device (booted with --net none) or the driver is gone. */
    ENETDOWN(100, "network is down"),
    /** ENETUNREACH: no route to the destination. */
    ENETUNREACH(101, "network is unreachable"),
    /** ECONNRESET: the peer reset the connection, or the netstack restarted under it. */
    ECONNRESET(104, "connection reset by peer"),
    /** ENOBUFS: a socket table or queue bound was reached. */
    ENOBUFS(105, "no buffer space available"),
    /** EISCONN: connect on a connected socket. */
    EISCONN(106, "transport endpoint is already connected"),
    /** ENOTCONN: the socket is not connected. */
    ENOTCONN(107, "transport endpoint is not connected"),
    /** ETIMEDOUT: the peer stopped answering (connect, retransmissions, a ping or a DNS query gave up). */
    ETIMEDOUT(110, "connection timed out"),
    /** ECONNREFUSED: nobody listens on the port (the peer answered with a reset). */
    ECONNREFUSED(111, "connection refused"),
    /** EHOSTUNREACH: ARP got no answer for the next hop. */
    EHOSTUNREACH(113, "no route to host");

    private final int code;
    private final String message;

    SocketError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The wire code (Linux's errno number). */
    public int code() { return code; }

    public String message() { return message; }

    /** The error with this code, or null when the code is none of ours. */
    public static SocketError fromCode(int code) {
        for (SocketError e : values()) if (e.code == code) return e;
        return null;
    }

    public String describe() { return name() + " (" + message + ")"; }
}
