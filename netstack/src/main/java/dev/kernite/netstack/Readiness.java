package dev.kernite.netstack;

/**
 * Readiness bits of a socket, as poll(2) reports them.
 *
 * <p>Thread safety: stateless.
 */
public final class Readiness {
    /** Data (or end of stream, or an error) can be read without waiting; a listener has a connection to accept. */
    public static final int READABLE = 1;
    /** Bytes can be written (a connecting socket: the connection is established or failed). */
    public static final int WRITABLE = 4;
    /** The peer closed its direction (FIN received). */
    public static final int HANGUP = 16;
    /** The socket failed; the error is returned by the next read or write. */
    public static final int ERROR = 8;

    private Readiness() {}
}
