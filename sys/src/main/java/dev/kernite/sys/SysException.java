package dev.kernite.sys;

/**
 * A host call failed. Carries the call's name and errno; the message reads like
 * {@code "memfd_create: EMFILE (Too many open files)"}, with a detail appended when there is one. Callers at a
 * kernel or runtime boundary turn it into a {@code Status}; it never crosses a process boundary.
 *
 * <p>Thread safety: immutable.
 */
public final class SysException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String call;

    public SysException(String call, int errno) {
        this(call, errno, null);
    }

    /** A failure found by a check of our own before or after the call; {@code detail} says what was wrong. */
    public SysException(String call, int errno, String detail) {
        super(call + ": " + Errno.name(errno) + " (" + Libc.strerror(errno) + ")" + (detail == null ? "" : ": " + detail));
        this.call = call;
        this.errno = errno;
    }

    /** The Linux errno value, e.g. 24 for EMFILE. */
    public int errno() { return errno; }

    /** The host call that failed, e.g. {@code "memfd_create"}. */
    public String call() { return call; }

    /** The failure of the call just made on this thread, from its captured errno. */
    static SysException last(String call) {
        return new SysException(call, Libc.errno());
    }

    /** As {@link #last(String)}, naming what the call was made on (a path, say). */
    static SysException last(String call, String detail) {
        return new SysException(call, Libc.errno(), detail);
    }
}
