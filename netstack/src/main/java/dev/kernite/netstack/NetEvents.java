package dev.kernite.netstack;

/**
 * What the engine tells its owner as it happens: a socket became ready (readable, writable, acceptable, closed or
 * failed) or a ping was answered. Called on the owner thread from inside {@code receive}, {@code tick} or a socket
 * call; an implementation notes the event and returns — it must not call back into the engine.
 *
 * <p>Thread safety: called only from the engine's owner thread.
 */
public interface NetEvents {
    /** {@code readiness} is the socket's current {@link Readiness} mask. */
    default void socketReady(int handle, int readiness) {}

    /** An echo reply for a {@link NetStack#ping} arrived, {@code rttMillis} after the request left. */
    default void pingReply(int address, int ident, int sequence, long rttMillis) {}

    NetEvents NONE = new NetEvents() {};
}
