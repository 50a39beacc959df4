package dev.kernite.sys;

import static dev.kernite.sys.SyscallNumbers.SYS_IOCTL;
import static dev.kernite.sys.SyscallNumbers.SYS_OPENAT;
import static dev.kernite.sys.SyscallNumbers.SYS_READ;
import static dev.kernite.sys.SyscallNumbers.SYS_WRITE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TAP device: Ethernet frames in and out of the host's network stack through {@code /dev/net/tun}.
 * The device is made non-persistent ({@code TUNSETIFF} with {@code IFF_TAP | IFF_NO_PI}): it exists while this
 * descriptor is open, so the host removes it when the descriptor is closed — also when the process dies by any
 * signal. The descriptor is non-blocking; {@link #read} answers 0 when no frame waits and {@link #await} waits.
 *
 * <p>Thread safety: one reader thread and one writer thread may use it at once (the host serialises frames);
 * {@link #close} once, after both have stopped.
 */
public final class Tap implements AutoCloseable {
    private static final long TUNSETIFF = 0x400454caL; // _IOW('T', 202, int), the same on x86_64 and aarch64
    private static final short IFF_TAP = 0x0002, IFF_NO_PI = 0x1000;
    private static final int IFREQ_SIZE = 40, IFNAMSIZ = 16, IFR_FLAGS = 16;
    private static final int O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000, AT_FDCWD = -100;

    private final int fd;
    private final String name;

    private Tap(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /**
     * Creates TAP device {@code name} (at most 15 bytes of ASCII).
     *
     * @throws SysException ENOENT when {@code /dev/net/tun} is missing, EPERM without CAP_NET_ADMIN, EBUSY when a
     *     device of that name exists and is in use
     */
    public static Tap create(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= IFNAMSIZ) throw new IllegalArgumentException("interface name '" + name + "': 1 to 15 bytes");
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) Libc.syscall(SYS_OPENAT, AT_FDCWD, a.allocateFrom("/dev/net/tun").address(), O_RDWR | O_NONBLOCK | O_CLOEXEC, 0);
            if (fd < 0) throw SysException.last("open", "/dev/net/tun");
            MemorySegment ifr = a.allocate(IFREQ_SIZE, 8);
            MemorySegment.copy(n, 0, ifr, ValueLayout.JAVA_BYTE, 0, n.length);
            ifr.set(ValueLayout.JAVA_SHORT, IFR_FLAGS, (short) (IFF_TAP | IFF_NO_PI));
            if (Libc.syscall(SYS_IOCTL, fd, TUNSETIFF, ifr.address()) < 0) {
                SysException e = SysException.last("ioctl(TUNSETIFF)", name);
                Fd.closeQuietly(fd);
                throw e;
            }
            return new Tap(fd, ifr.getString(0, StandardCharsets.US_ASCII));
        }
    }

    /** The interface's name as the host gave it. */
    public String name() { return name; }

    /**
     * Reads one frame into {@code into} (native memory); returns its length, 0 when no frame waits. A frame longer
     * than {@code into} is cut to its size by the host (the caller sees a full buffer).
     */
    public int read(MemorySegment into) {
        long r = Libc.syscall(SYS_READ, fd, into.address(), into.byteSize());
        if (r >= 0) return (int) r;
        int e = Libc.errno();
        if (e == Errno.EAGAIN || e == Errno.EINTR) return 0;
        throw new SysException("read(" + name + ")", e);
    }

    /**
     * Writes one frame from {@code frame} (native memory); true when the host took it, false when it had no room
     * (the frame is dropped, as on a wire). Throws for a frame the host refuses outright (EINVAL: too short).
     */
    public boolean write(MemorySegment frame) {
        long r = Libc.syscall(SYS_WRITE, fd, frame.address(), frame.byteSize());
        if (r >= 0) return true;
        int e = Libc.errno();
        if (e == Errno.EAGAIN || e == Errno.EINTR || e == Errno.ENOBUFS || e == Errno.EIO) return false;
        throw new SysException("write(" + name + ")", e);
    }

    /** Waits up to {@code timeoutMillis} for a frame to read; true when one may be there. */
    public boolean await(int timeoutMillis) {
        return Host.poll(new int[] {fd}, timeoutMillis) == 0;
    }

    /** Closes the descriptor: the host removes the device. */
    @Override
    public void close() { Fd.close(fd); }
}
