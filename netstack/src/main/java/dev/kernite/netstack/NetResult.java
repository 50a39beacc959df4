package dev.kernite.netstack;

/**
 * The outcome of a socket call: a non-negative value (a handle, a byte count; 0 from a read is end of stream)
 * or an error. Errors are values; exceptions mean a bug.
 *
 * <p>Thread safety: immutable.
 */
public record NetResult(int value, NetError error) {
    private static final NetResult ZERO = new NetResult(0, null);

    public NetResult {
        if ((error == null) == (value < 0)) throw new IllegalArgumentException("a value or an error");
    }

    public static NetResult ok(int value) { return value == 0 ? ZERO : new NetResult(value, null); }

    public static NetResult fail(NetError error) { return new NetResult(-1, error); }

    public boolean isOk() { return error == null; }

    @Override
    public String toString() { return isOk() ? "ok(" + value + ")" : error.describe(); }
}
