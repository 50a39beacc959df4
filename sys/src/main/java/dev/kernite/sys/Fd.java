package dev.kernite.sys;

import static dev.kernite.sys.SyscallNumbers.SYS_CLOSE;
import static dev.kernite.sys.SyscallNumbers.SYS_FCNTL;
import static dev.kernite.sys.SyscallNumbers.SYS_OPENAT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * File descriptor housekeeping.
 *
 * <p>Thread safety: stateless.
 */
public final class Fd {
    private static final int F_GETFD = 1, F_DUPFD_CLOEXEC = 1030, AT_FDCWD = -100;

    private Fd() {}

    /**
     * Closes {@code fd}; closing a descriptor that is not open is a bug and throws (EBADF). EINTR is ignored, not
     * retried: Linux has released the descriptor by then, and a retry could close one another thread just opened.
     */
    public static void close(int fd) {
        if (Libc.syscall(SYS_CLOSE, fd) < 0 && Libc.errno() != Errno.EINTR) throw SysException.last("close");
    }

    /** Closes {@code fd} if it is a descriptor number at all (negative ones are skipped), ignoring errors (clean-up paths). */
    public static void closeQuietly(int fd) {
        if (fd >= 0) Libc.syscall(SYS_CLOSE, fd);
    }

    /** A close-on-exec duplicate of {@code fd}. */
    public static int dup(int fd) {
        long r = Libc.syscall(SYS_FCNTL, fd, F_DUPFD_CLOEXEC, 0);
        if (r < 0) throw SysException.last("fcntl(F_DUPFD_CLOEXEC)");
        return (int) r;
    }

    /**
     * A new, read-only open file description of the file behind {@code fd} (through /proc/self/fd), close-on-exec.
     * A holder of only this descriptor cannot map the file writable: the host refuses PROT_WRITE with MAP_SHARED
     * (EACCES) and a later mprotect to add it.
     */
    public static int reopenReadOnly(int fd) {
        final int oRdonly = 0, oCloexec = 0x80000;
        try (Arena a = Arena.ofConfined()) {
            long r = Libc.syscall(SYS_OPENAT, AT_FDCWD, a.allocateFrom("/proc/self/fd/" + fd).address(), oRdonly | oCloexec, 0);
            if (r < 0) throw SysException.last("open(/proc/self/fd/" + fd + ", O_RDONLY)");
            return (int) r;
        }
    }

    /** Whether {@code fd} names an open descriptor of this process (fcntl F_GETFD). */
    public static boolean isOpen(int fd) {
        return Libc.syscall(SYS_FCNTL, fd, F_GETFD, 0) >= 0;
    }

    /** How many descriptors this process has open (entries of /proc/self/fd), for leak checks. */
    public static int openCount() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count() - 1; // the listing's own descriptor
        } catch (IOException e) {
            throw new SysException("opendir(/proc/self/fd)", Errno.ENOENT, e.toString());
        }
    }
}
