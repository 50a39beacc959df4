package dev.kernite.kernel.device;

/** A machine that cannot be built as configured; the message says what to do. */
public final class MachineException extends Exception {
    public MachineException(String message) { super(message); }

    public MachineException(String message, Throwable cause) { super(message, cause); }
}
