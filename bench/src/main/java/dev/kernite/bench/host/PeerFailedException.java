package dev.kernite.bench.host;

import java.io.IOException;

/**
 * The peer JVM of a host baseline failed: it did not start, did not connect in time, died or misbehaved during
 * the run. The message names what went wrong, the peer's exit status, and the tail of the peer's own output
 * (its stderr and stdout), so that it can be printed to the user as it is.
 *
 * <p>Thread safety: immutable once thrown.
 */
public final class PeerFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public PeerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
