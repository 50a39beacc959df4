package dev.kernite.abi.fs;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of a file-system operation: a value, or an {@link FsError} — errors are values here, never
 * exceptions (exceptions are for bugs).
 *
 * <p>Thread safety: immutable when the value is.
 *
 * @param value the value when {@link #ok()}; null otherwise (and may be null for {@code FsResult<Void>})
 * @param error null when the operation succeeded
 */
public record FsResult<T>(T value, FsError error) {
    private static final FsResult<Void> DONE = new FsResult<>(null, null);

    public static <T> FsResult<T> ok(T value) { return new FsResult<>(value, null); }

    /** Success without a value. */
    public static FsResult<Void> done() { return DONE; }

    public static <T> FsResult<T> error(FsError error) { return new FsResult<>(null, Objects.requireNonNull(error)); }

    public boolean ok() { return error == null; }

    /** The same error as another type (for passing a failure up). */
    public <U> FsResult<U> cast() {
        if (ok()) throw new IllegalStateException("not an error");
        return error(error);
    }

    public <U> FsResult<U> map(Function<? super T, ? extends U> f) { return ok() ? ok(f.apply(value)) : cast(); }

    public <U> FsResult<U> then(Function<? super T, FsResult<U>> f) { return ok() ? f.apply(value) : cast(); }

    /** The value; a bug (NoSuchElementException) when this is an error. */
    public T orElseThrow() {
        if (!ok()) throw new NoSuchElementException(error.describe());
        return value;
    }
}
