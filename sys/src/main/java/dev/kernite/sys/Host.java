package dev.kernite.sys;

import static dev.kernite.sys.SyscallNumbers.SYS_GETPID;
import static dev.kernite.sys.SyscallNumbers.SYS_GETTID;
import static dev.kernite.sys.SyscallNumbers.SYS_PIDFD_OPEN;
import static dev.kernite.sys.SyscallNumbers.SYS_PIDFD_SEND_SIGNAL;
import static dev.kernite.sys.SyscallNumbers.SYS_PPOLL;
import static dev.kernite.sys.SyscallNumbers.SYS_PRCTL;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Process-level host calls: identity, pidfds, poll, thread names.
 *
 * <p>Thread safety: stateless.
 */
public final class Host {
    /** Signal numbers for {@link #pidfdSendSignal}. */
    public static final int SIGKILL = 9, SIGTERM = 15;
    private static final short POLLIN = 1, POLLERR = 8, POLLHUP = 16;
    private static final int PR_SET_NAME = 15;
    /** The size of the kernel's sigset_t, which ppoll wants beside its (absent) signal mask. */
    private static final long SIGSET_BYTES = 8;

    private Host() {}

    /** This process's id. */
    public static int getpid() {
        return (int) syscall("getpid", SYS_GETPID, 0, 0);
    }

    /** The calling thread's host thread id (for a virtual thread: that of the carrier it runs on now). */
    public static int gettid() {
        return (int) syscall("gettid", SYS_GETTID, 0, 0);
    }

    /**
     * A pidfd for {@code pid} (close-on-exec): it refers to that process even if the pid is later reused, and
     * {@link #poll} reports it readable once the process has exited. ESRCH if there is no such process.
     */
    public static int pidfdOpen(int pid) {
        return (int) syscall("pidfd_open", SYS_PIDFD_OPEN, pid, 0);
    }

    /** Sends {@code signal} to the process behind {@code pidfd}; ESRCH once it has exited. */
    public static void pidfdSendSignal(int pidfd, int signal) {
        syscall("pidfd_send_signal", SYS_PIDFD_SEND_SIGNAL, pidfd, signal);
    }

    /**
     * Waits until one of {@code fds} is readable, hung up or in error (POLLIN, POLLHUP, POLLERR; a descriptor that
     * is not open counts too, as POLLNVAL); returns the index of the first such, or -1 on timeout. A negative
     * timeout waits without limit; EINTR is retried with the full timeout. A pidfd becomes readable when its
     * process exits.
     */
    public static int poll(int[] fds, int timeoutMillis) {
        if (fds.length == 0) throw new IllegalArgumentException("nothing to poll");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(Structs.POLLFD, fds.length);
            long stride = Structs.POLLFD.byteSize();
            for (int i = 0; i < fds.length; i++) {
                p.set(ValueLayout.JAVA_INT, stride * i + Structs.POLL_FD, fds[i]);
                p.set(ValueLayout.JAVA_SHORT, stride * i + Structs.POLL_EVENTS, (short) (POLLIN | POLLERR | POLLHUP));
            }
            MemorySegment ts = a.allocate(Structs.TIMESPEC);
            long r;
            do {
                if (timeoutMillis >= 0) { // ppoll writes the time left back into ts: set it afresh for each try
                    ts.set(ValueLayout.JAVA_LONG, Structs.TV_SEC, timeoutMillis / 1000);
                    ts.set(ValueLayout.JAVA_LONG, Structs.TV_NSEC, timeoutMillis % 1000 * 1_000_000L);
                }
                r = Libc.syscall(SYS_PPOLL, p.address(), fds.length, timeoutMillis < 0 ? 0 : ts.address(), 0, SIGSET_BYTES);
            } while (r < 0 && Libc.errno() == Errno.EINTR);
            if (r < 0) throw SysException.last("ppoll");
            for (int i = 0; i < fds.length && r > 0; i++) {
                if (p.get(ValueLayout.JAVA_SHORT, stride * i + Structs.POLL_REVENTS) != 0) return i;
            }
            return -1;
        }
    }

    /** Names the calling thread for the host (visible in /proc and top); at most 15 bytes are kept. */
    public static void setThreadName(String name) {
        try (Arena a = Arena.ofConfined()) {
            Libc.syscall(SYS_PRCTL, PR_SET_NAME, a.allocateFrom(name.length() > 15 ? name.substring(0, 15) : name).address());
        }
    }

    private static long syscall(String name, long nr, long a1, long a2) {
        long r = Libc.syscall(nr, a1, a2);
        if (r < 0) throw SysException.last(name);
        return r;
    }
}
