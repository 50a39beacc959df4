package dev.kernite.runtime;

import dev.kernite.abi.Status;

/**
 * An error status turned into an exception by application code that asked for it ({@link Result#orElseThrow}).
 * The runtime itself returns statuses; this never crosses a process boundary.
 */
public final class KerniteException extends RuntimeException {
    private final Status status;

    public KerniteException(Status status) {
        super(status.name() + ": " + status.description());
        this.status = status;
    }

    public KerniteException(Status status, String context) {
        super(context + ": " + status.name() + " (" + status.description() + ")");
        this.status = status;
    }

    public Status status() { return status; }
}
