package dev.kernite.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * AF_UNIX SOCK_SEQPACKET sockets: reliable, ordered, message-preserving; descriptors travel beside a message as
 * SCM_RIGHTS, and the peer's credentials come from SO_PEERCRED. Every descriptor made or received here is
 * close-on-exec.
 *
 * <pre>
 *  x86_64 layouts used here:
 *   sockaddr_un  family u16 │ path[108]
 *   msghdr       name ptr │ namelen u32 (+pad) │ iov ptr │ iovlen u64 │ control ptr │ controllen u64 │ flags i32 (+pad)  = 56
 *   iovec        base ptr │ len u64                                                                                 = 16
 *   cmsghdr      len u64 │ level i32 │ type i32 │ data (fds, i32 each)                                                = 16 + data
 *   ucred        pid i32 │ uid u32 │ gid u32
 * </pre>
 *
 * <p>Thread safety: stateless; the usual socket rules apply (one reader and one writer at a time per socket for
 * ordering; SEQPACKET sends are atomic per message).
 */
public final class UnixSocket {
    private static final int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1, SO_PEERCRED = 17, SHUT_RDWR = 2;
    private static final int MSG_CTRUNC = 0x8, MSG_TRUNC = 0x20, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int MAX_FDS = 16;
    private static final long MSGHDR = 56, IOVEC = 16, CMSG_HDR = 16;

    /** What a receive got: bytes, descriptors, and whether either was cut short. Length 0 with no fds is EOF. */
    public record Received(int length, int[] fds, boolean truncated) { }

    /** The credentials of the process at the other end, as the host kernel recorded them at connect time. */
    public record PeerCred(int pid, int uid, int gid) { }

    private UnixSocket() {}

    public static int listen(Path path, int backlog) {
        int fd = socket();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(a, path);
            if ((int) Libc.BIND.invokeExact(Libc.captured(), fd, addr, (int) addr.byteSize()) < 0) throw SysException.last("bind " + path);
            if ((int) Libc.LISTEN.invokeExact(Libc.captured(), fd, backlog) < 0) throw SysException.last("listen");
            return fd;
        } catch (Throwable t) {
            Fd.closeQuietly(fd);
            throw Libc.rethrow(t);
        }
    }

    /** Accepts one connection (blocking; EINTR retried). */
    public static int accept(int listenFd) {
        try {
            while (true) {
                int fd = (int) Libc.ACCEPT4.invokeExact(Libc.captured(), listenFd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
                if (fd >= 0) return fd;
                if (Libc.errno() != Libc.EINTR) throw SysException.last("accept4");
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public static int connect(Path path) {
        int fd = socket();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(a, path);
            if ((int) Libc.CONNECT.invokeExact(Libc.captured(), fd, addr, (int) addr.byteSize()) < 0) throw SysException.last("connect " + path);
            return fd;
        } catch (Throwable t) {
            Fd.closeQuietly(fd);
            throw Libc.rethrow(t);
        }
    }

    /** A connected pair (for tests and in-process plumbing). */
    public static int[] pair() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sv = a.allocate(8, 4);
            if ((int) Libc.SOCKETPAIR.invokeExact(Libc.captured(), AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) throw SysException.last("socketpair");
            return new int[] {sv.get(ValueLayout.JAVA_INT, 0), sv.get(ValueLayout.JAVA_INT, 4)};
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Sends {@code data}'s remaining bytes as one message, with {@code fds} attached (EINTR retried). */
    public static void send(int fd, ByteBuffer data, int... fds) {
        if (fds.length > MAX_FDS) throw new IllegalArgumentException(fds.length + " fds");
        try (Arena a = Arena.ofConfined()) {
            int n = data.remaining();
            MemorySegment buf = a.allocate(Math.max(1, n));
            MemorySegment.copy(MemorySegment.ofBuffer(data), 0, buf, 0, n);
            MemorySegment msg = header(a, buf, n, fds.length);
            if (fds.length > 0) {
                MemorySegment control = msg.get(ValueLayout.ADDRESS, 32).reinterpret(cmsgSpace(fds.length));
                control.set(ValueLayout.JAVA_LONG, 0, CMSG_HDR + 4L * fds.length);
                control.set(ValueLayout.JAVA_INT, 8, SOL_SOCKET);
                control.set(ValueLayout.JAVA_INT, 12, SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) control.set(ValueLayout.JAVA_INT, CMSG_HDR + 4L * i, fds[i]);
            }
            long r;
            do {
                r = (long) Libc.SENDMSG.invokeExact(Libc.captured(), fd, msg, MSG_NOSIGNAL);
            } while (r < 0 && Libc.errno() == Libc.EINTR);
            if (r < 0) throw SysException.last("sendmsg");
            data.position(data.position() + n);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Receives one message into {@code into}'s remaining space (blocking; EINTR retried). */
    public static Received receive(int fd, ByteBuffer into) {
        try (Arena a = Arena.ofConfined()) {
            int room = into.remaining();
            MemorySegment buf = a.allocate(Math.max(1, room));
            MemorySegment msg = header(a, buf, room, MAX_FDS);
            long r;
            do {
                r = (long) Libc.RECVMSG.invokeExact(Libc.captured(), fd, msg, MSG_CMSG_CLOEXEC);
            } while (r < 0 && Libc.errno() == Libc.EINTR);
            if (r < 0) throw SysException.last("recvmsg");
            int flags = msg.get(ValueLayout.JAVA_INT, 48);
            int[] fds = receivedFds(msg);
            int n = (int) Math.min(r, room);
            MemorySegment.copy(buf, 0, MemorySegment.ofBuffer(into), 0, n);
            into.position(into.position() + n);
            return new Received(n, fds, (flags & (MSG_TRUNC | MSG_CTRUNC)) != 0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public static PeerCred peerCred(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cred = a.allocate(12, 4);
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 12);
            if ((int) Libc.GETSOCKOPT.invokeExact(Libc.captured(), fd, SOL_SOCKET, SO_PEERCRED, cred, len) < 0) throw SysException.last("getsockopt(SO_PEERCRED)");
            return new PeerCred(cred.get(ValueLayout.JAVA_INT, 0), cred.get(ValueLayout.JAVA_INT, 4), cred.get(ValueLayout.JAVA_INT, 8));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Shuts both directions down: a thread blocked in {@link #receive} on this socket returns EOF. Errors ignored. */
    public static void shutdown(int fd) {
        try {
            int unused = (int) Libc.SHUTDOWN.invokeExact(Libc.captured(), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static int socket() {
        try {
            int fd = (int) Libc.SOCKET.invokeExact(Libc.captured(), AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            if (fd < 0) throw SysException.last("socket");
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static MemorySegment sockaddr(Arena a, Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length > 107) throw new IllegalArgumentException("socket path longer than 107 bytes: " + path);
        MemorySegment addr = a.allocate(2 + p.length + 1, 2);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
        return addr;
    }

    private static long cmsgSpace(int fds) {
        return CMSG_HDR + ((4L * fds + 7) & ~7L);
    }

    /** A msghdr with one iovec over {@code buf} and room for {@code fds} descriptors (none when 0). */
    private static MemorySegment header(Arena a, MemorySegment buf, int len, int fds) {
        MemorySegment iov = a.allocate(IOVEC, 8);
        iov.set(ValueLayout.ADDRESS, 0, buf);
        iov.set(ValueLayout.JAVA_LONG, 8, len);
        MemorySegment msg = a.allocate(MSGHDR, 8);
        msg.set(ValueLayout.ADDRESS, 16, iov);
        msg.set(ValueLayout.JAVA_LONG, 24, 1);
        if (fds > 0) {
            MemorySegment control = a.allocate(cmsgSpace(fds), 8);
            msg.set(ValueLayout.ADDRESS, 32, control);
            msg.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
        }
        return msg;
    }

    /** Walks the control messages of a received msghdr and collects SCM_RIGHTS descriptors. */
    private static int[] receivedFds(MemorySegment msg) {
        long controlLen = msg.get(ValueLayout.JAVA_LONG, 40);
        MemorySegment control = msg.get(ValueLayout.ADDRESS, 32);
        if (controlLen < CMSG_HDR || control.equals(MemorySegment.NULL)) return new int[0];
        control = control.reinterpret(controlLen);
        int[] out = new int[0];
        long off = 0;
        while (off + CMSG_HDR <= controlLen) {
            long len = control.get(ValueLayout.JAVA_LONG, off);
            if (len < CMSG_HDR || off + len > controlLen) break;
            if (control.get(ValueLayout.JAVA_INT, off + 8) == SOL_SOCKET && control.get(ValueLayout.JAVA_INT, off + 12) == SCM_RIGHTS) {
                int n = (int) ((len - CMSG_HDR) / 4);
                int base = out.length;
                out = java.util.Arrays.copyOf(out, base + n);
                for (int i = 0; i < n; i++) out[base + i] = control.get(ValueLayout.JAVA_INT, off + CMSG_HDR + 4L * i);
            }
            off += (len + 7) & ~7L;
        }
        return out;
    }
}
