package dev.kernite.sys;

import static dev.kernite.sys.SyscallNumbers.SYS_FCNTL;
import static dev.kernite.sys.SyscallNumbers.SYS_FSTAT;
import static dev.kernite.sys.SyscallNumbers.SYS_FTRUNCATE;
import static dev.kernite.sys.SyscallNumbers.SYS_MEMFD_CREATE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Anonymous shared memory (memfd_create). Every memfd Kernite makes is sealed against shrinking and growing, so a
 * process holding it can never truncate it under another's mapping (which would fault that process).
 *
 * <p>Thread safety: stateless.
 */
public final class Memfd {
    private static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2;
    private static final int F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    private static final int F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4;

    private Memfd() {}

    /**
     * Creates a zero-filled memfd of {@code size} bytes, sealed against shrinking, growing and further sealing;
     * returns its fd (close-on-exec). {@code name} is for diagnostics only ({@code /proc/PID/fd} shows
     * {@code /memfd:name}); the host limits it to 249 bytes.
     */
    public static int create(String name, long size) {
        if (size <= 0) throw new IllegalArgumentException("size " + size);
        int fd;
        try (Arena a = Arena.ofConfined()) {
            fd = (int) Libc.syscall(SYS_MEMFD_CREATE, a.allocateFrom(name).address(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
        }
        if (fd < 0) throw SysException.last("memfd_create");
        try {
            if (Libc.syscall(SYS_FTRUNCATE, fd, size) < 0) throw SysException.last("ftruncate");
            if (Libc.syscall(SYS_FCNTL, fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
                throw SysException.last("fcntl(F_ADD_SEALS)");
            }
            return fd;
        } catch (RuntimeException e) {
            Fd.closeQuietly(fd);
            throw e;
        }
    }

    /** The size of the file behind {@code fd} (fstat st_size; 0 for sockets and pipes). */
    public static long size(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Structs.STAT_SIZE, 8);
            if (Libc.syscall(SYS_FSTAT, fd, st.address()) < 0) throw SysException.last("fstat");
            return st.get(ValueLayout.JAVA_LONG, Structs.STAT_ST_SIZE);
        }
    }

    /**
     * True when {@code fd} is a memfd that can no longer shrink: a mapping of it, once its size has been checked,
     * can never fault. False for anything else, including a descriptor that is not open.
     */
    public static boolean isSealedAgainstShrink(int fd) {
        long seals = Libc.syscall(SYS_FCNTL, fd, F_GET_SEALS, 0);
        return seals >= 0 && (seals & F_SEAL_SHRINK) != 0;
    }
}
