package dev.kernite.runtime;

import dev.kernite.abi.Status;
import java.util.Objects;

/**
 * A value or the {@link Status} saying why there is none. Errors are values in Kernite; {@link #orElseThrow()} is
 * for application code that prefers to stop at the first error.
 *
 * <p>Thread safety: immutable (if the value is).
 */
public record Result<T>(Status status, T value) {
    public Result {
        Objects.requireNonNull(status);
        if (status.isOk() != (value != null)) throw new IllegalArgumentException("value must be present exactly when OK");
    }

    public static <T> Result<T> ok(T value) { return new Result<>(Status.OK, value); }

    public static <T> Result<T> error(Status status) {
        if (status.isOk()) throw new IllegalArgumentException("error(OK)");
        return new Result<>(status, null);
    }

    public boolean ok() { return status.isOk(); }

    /** The value, or a {@link KerniteException} carrying the status. */
    public T orElseThrow() {
        if (!ok()) throw new KerniteException(status);
        return value;
    }
}
