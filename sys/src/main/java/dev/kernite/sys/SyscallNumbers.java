package dev.kernite.sys;

import java.util.Locale;

/**
 * The Linux system call numbers Kernite uses, for the host's architecture: x86_64 has its own table, aarch64 the
 * generic one ({@code asm-generic/unistd.h}). The calls are chosen to exist on both (openat, not open; ppoll, not
 * poll). On any other host, or another operating system, loading this class fails with a message that says so.
 *
 * <pre>
 *  call               x86_64  aarch64     call               x86_64  aarch64
 *  accept4              288      242     mmap                   9      222
 *  bind                  49      200     munmap                11      215
 *  close                  3       57     openat               257       56
 *  connect               42      203     pidfd_open           434      434
 *  fcntl                 72       25     pidfd_send_signal    424      424
 *  fstat                  5       80     ppoll                271       73
 *  ftruncate             77       46     prctl                157      167
 *  futex                202       98     read                   0       63
 *  getpid                39      172     recvmsg               47      212
 *  getsockopt            55      209     sendmsg               46      211
 *  gettid               186      178     shutdown              48      210
 *  ioctl                 16       29     socket                41      198
 *  listen                50      201     socketpair            53      199
 *  memfd_create         319      279     write                  1       64
 * </pre>
 *
 * <p>Thread safety: constants only.
 */
final class SyscallNumbers {
    private SyscallNumbers() {}

    /** Whether the host is aarch64 (else x86_64; anything else has failed class initialisation). */
    private static final boolean AARCH64 = aarch64();

    static final long SYS_ACCEPT4 = nr(288, 242), SYS_BIND = nr(49, 200), SYS_CLOSE = nr(3, 57),
        SYS_CONNECT = nr(42, 203), SYS_FCNTL = nr(72, 25), SYS_FSTAT = nr(5, 80), SYS_FTRUNCATE = nr(77, 46),
        SYS_FUTEX = nr(202, 98), SYS_GETPID = nr(39, 172), SYS_GETSOCKOPT = nr(55, 209), SYS_GETTID = nr(186, 178),
        SYS_LISTEN = nr(50, 201), SYS_MEMFD_CREATE = nr(319, 279), SYS_MMAP = nr(9, 222), SYS_MUNMAP = nr(11, 215),
        SYS_OPENAT = nr(257, 56), SYS_PIDFD_OPEN = nr(434, 434), SYS_PIDFD_SEND_SIGNAL = nr(424, 424),
        SYS_PPOLL = nr(271, 73), SYS_PRCTL = nr(157, 167), SYS_RECVMSG = nr(47, 212), SYS_SENDMSG = nr(46, 211),
        SYS_SHUTDOWN = nr(48, 210), SYS_SOCKET = nr(41, 198), SYS_SOCKETPAIR = nr(53, 199),
        SYS_IOCTL = nr(16, 29), SYS_READ = nr(0, 63), SYS_WRITE = nr(1, 64);

    private static long nr(long x86_64, long aarch64) {
        return AARCH64 ? aarch64 : x86_64;
    }

    private static boolean aarch64() {
        String os = System.getProperty("os.name", "?"), arch = System.getProperty("os.arch", "?");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new UnsupportedOperationException("Kernite's host calls need Linux; this host runs " + os);
        }
        return switch (arch) {
            case "amd64", "x86_64" -> false;
            case "aarch64" -> true;
            default -> throw new UnsupportedOperationException(
                "Kernite's host calls know the system call numbers of Linux on x86_64 and aarch64, not on " + arch);
        };
    }
}
