package dev.kernite.sys;

/**
 * A host call failed. Carries the call's name and errno; the message reads like
 * {@code "memfd_create: Too many open files (errno 24)"}. Callers at a kernel or runtime boundary turn it into a
 * {@code Status}; it never crosses a process boundary.
 */
public final class SysException extends RuntimeException {
    private final int errno;
    private final String call;

    public SysException(String call, int errno) {
        super(call + ": " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    public int errno() { return errno; }

    public String call() { return call; }

    static SysException last(String call) {
        return new SysException(call, Libc.errno());
    }
}
