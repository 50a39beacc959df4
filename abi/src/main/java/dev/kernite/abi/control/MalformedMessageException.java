package dev.kernite.abi.control;

/**
 * A received control message does not decode. Checked, and caught by the receiver, which answers
 * {@code INVALID_ARGUMENT} (kernel) or drops the connection (runtime); it never crosses a process boundary.
 */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message, null, false, false);
    }
}
