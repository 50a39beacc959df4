package dev.kernite.sys;

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
    private static final long SYS_GETTID = 186, SYS_PIDFD_SEND_SIGNAL = 424, SYS_PIDFD_OPEN = 434;
    private static final short POLLIN = 1, POLLERR = 8, POLLHUP = 16;
    private static final int PR_SET_NAME = 15;

    private Host() {}

    /** This process's id. */
    public static int getpid() {
        try {
            return (int) Libc.Getpid.H.invokeExact(Libc.captured());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
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
            int r;
            do {
                r = (int) Libc.Poll.H.invokeExact(Libc.captured(), p, (long) fds.length, timeoutMillis);
            } while (r < 0 && Libc.errno() == Errno.EINTR);
            if (r < 0) throw SysException.last("poll");
            for (int i = 0; i < fds.length && r > 0; i++) {
                if (p.get(ValueLayout.JAVA_SHORT, stride * i + Structs.POLL_REVENTS) != 0) return i;
            }
            return -1;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Names the calling thread for the host (visible in /proc and top); at most 15 bytes are kept. */
    public static void setThreadName(String name) {
        try (Arena a = Arena.ofConfined()) {
            String n = name.length() > 15 ? name.substring(0, 15) : name;
            int unused = (int) Libc.Prctl.H.invokeExact(Libc.captured(), PR_SET_NAME, a.allocateFrom(n).address());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static long syscall(String name, long nr, long a1, long a2) {
        try {
            long r = (long) Libc.Syscall6.H.invokeExact(Libc.captured(), nr, a1, a2, 0L, 0L, 0L, 0L);
            if (r < 0) throw SysException.last(name);
            return r;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
