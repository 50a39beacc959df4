package dev.kernite.netstack.tcp;

/**
 * The connection states of RFC 9293 §3.3.2.
 *
 * <p>Thread safety: immutable.
 */
public enum TcpState {
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT;

    /** A state past the handshake, in which sequence numbers of both sides are known. */
    boolean synchronized_() { return ordinal() >= ESTABLISHED.ordinal(); }

    /** States in which the peer may still send data. */
    boolean receivesData() { return this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2; }
}
