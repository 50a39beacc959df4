package dev.kernite.sys;

import static dev.kernite.sys.SyscallNumbers.SYS_ACCEPT4;
import static dev.kernite.sys.SyscallNumbers.SYS_BIND;
import static dev.kernite.sys.SyscallNumbers.SYS_CONNECT;
import static dev.kernite.sys.SyscallNumbers.SYS_GETSOCKOPT;
import static dev.kernite.sys.SyscallNumbers.SYS_LISTEN;
import static dev.kernite.sys.SyscallNumbers.SYS_RECVMSG;
import static dev.kernite.sys.SyscallNumbers.SYS_SENDMSG;
import static dev.kernite.sys.SyscallNumbers.SYS_SHUTDOWN;
import static dev.kernite.sys.SyscallNumbers.SYS_SOCKET;
import static dev.kernite.sys.SyscallNumbers.SYS_SOCKETPAIR;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * AF_UNIX SOCK_SEQPACKET sockets: reliable, ordered, message-preserving; descriptors travel beside a message as
 * SCM_RIGHTS, and the peer's credentials come from SO_PEERCRED. Every descriptor made or received here is
 * close-on-exec. Struct layouts: {@link Structs}.
 *
 * <p>Thread safety: stateless. The host's socket rules apply: a SEQPACKET send is atomic per message; use one
 * receiving thread per socket; {@link #shutdown} from any thread unblocks it.
 */
@SuppressWarnings("restricted") // raw addresses from the host are this module's business
public final class UnixSocket {
    private static final int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1, SO_PEERCRED = 17, SHUT_RDWR = 2;
    private static final int MSG_CTRUNC = 0x8, MSG_TRUNC = 0x20, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    /** Most descriptors one message carries, either way. */
    public static final int MAX_FDS = 16;

    /**
     * What a receive got: {@code length} bytes (placed in the buffer), the descriptors that came with them (now
     * owned by the receiver, close-on-exec), and whether the message or its descriptors were cut short
     * (MSG_TRUNC or MSG_CTRUNC: a protocol error; close the fds that did arrive). Length 0 with no fds is EOF.
     */
    public record Received(int length, int[] fds, boolean truncated) {
        /**
         * True when the peer closed or shut down its end (nothing will follow), or, indistinguishably, sent an
         * empty message without descriptors.
         */
        public boolean eof() { return length == 0 && fds.length == 0 && !truncated; }
    }

    /** The credentials of the process at the other end, as the host kernel recorded them at connect time. */
    public record PeerCred(int pid, int uid, int gid) { }

    private UnixSocket() {}

    /** A socket bound to {@code path} and listening. The path must not exist; the caller removes it when done. */
    public static int listen(Path path, int backlog) {
        int fd = socket();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(a, path);
            if (Libc.syscall(SYS_BIND, fd, addr.address(), addr.byteSize()) < 0) throw SysException.last("bind", path.toString());
            if (Libc.syscall(SYS_LISTEN, fd, backlog) < 0) throw SysException.last("listen");
            return fd;
        } catch (RuntimeException e) {
            Fd.closeQuietly(fd);
            throw e;
        }
    }

    /** Accepts one connection (blocking; EINTR retried). A shut-down listening socket fails with EINVAL. */
    public static int accept(int listenFd) {
        while (true) {
            long fd = Libc.syscall(SYS_ACCEPT4, listenFd, 0, 0, SOCK_CLOEXEC);
            if (fd >= 0) return (int) fd;
            if (Libc.errno() != Errno.EINTR) throw SysException.last("accept4");
        }
    }

    /** Connects to the socket listening at {@code path}. */
    public static int connect(Path path) {
        int fd = socket();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(a, path);
            if (Libc.syscall(SYS_CONNECT, fd, addr.address(), addr.byteSize()) < 0) throw SysException.last("connect", path.toString());
            return fd;
        } catch (RuntimeException e) {
            Fd.closeQuietly(fd);
            throw e;
        }
    }

    /** A connected pair (for tests and in-process plumbing). */
    public static int[] pair() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sv = a.allocate(JAVA_INT, 2);
            if (Libc.syscall(SYS_SOCKETPAIR, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv.address()) < 0) throw SysException.last("socketpair");
            return new int[] {sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)};
        }
    }

    /**
     * Sends {@code data}'s remaining bytes as one message, with {@code fds} (at most {@link #MAX_FDS}) attached,
     * and advances its position (blocking; EINTR retried). The fds stay open here; the receiver gets duplicates.
     * An empty message without fds is sent, but the receiver cannot tell it from EOF: protocols must not use one.
     *
     * @throws IllegalArgumentException more than {@link #MAX_FDS} fds
     * @throws SysException e.g. EPIPE when the peer has closed (no SIGPIPE is raised)
     */
    public static void send(int fd, ByteBuffer data, int... fds) {
        if (fds.length > MAX_FDS) throw new IllegalArgumentException(fds.length + " fds, at most " + MAX_FDS);
        int n = data.remaining();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, n));
            MemorySegment.copy(MemorySegment.ofBuffer(data), 0, buf, 0, n);
            MemorySegment msg = header(a, buf, n, fds.length);
            if (fds.length > 0) writeRights(msg, fds);
            long r;
            do {
                r = Libc.syscall(SYS_SENDMSG, fd, msg.address(), MSG_NOSIGNAL);
            } while (r < 0 && Libc.errno() == Errno.EINTR);
            if (r < 0) throw SysException.last("sendmsg");
            if (r != n) throw new SysException("sendmsg", Errno.EMSGSIZE, "sent " + r + " of " + n + " bytes");
            data.position(data.position() + n);
        }
    }

    /**
     * Receives one message into {@code into}'s remaining space and advances its position by the length
     * (blocking; EINTR retried). Room is made for {@link #MAX_FDS} descriptors.
     */
    public static Received receive(int fd, ByteBuffer into) {
        if (into.isReadOnly()) throw new ReadOnlyBufferException();
        try (Arena a = Arena.ofConfined()) {
            int room = into.remaining();
            MemorySegment buf = a.allocate(Math.max(1, room));
            MemorySegment msg = header(a, buf, room, MAX_FDS);
            long r;
            do {
                r = Libc.syscall(SYS_RECVMSG, fd, msg.address(), MSG_CMSG_CLOEXEC);
            } while (r < 0 && Libc.errno() == Errno.EINTR);
            if (r < 0) throw SysException.last("recvmsg");
            int flags = msg.get(JAVA_INT, Structs.MSG_FLAGS);
            int[] fds = readRights(msg);
            int n = (int) Math.min(r, room);
            MemorySegment.copy(buf, 0, MemorySegment.ofBuffer(into), 0, n);
            into.position(into.position() + n);
            return new Received(n, fds, (flags & (MSG_TRUNC | MSG_CTRUNC)) != 0);
        }
    }

    /** Who is at the other end of a connected socket (SO_PEERCRED). */
    public static PeerCred peerCred(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cred = a.allocate(Structs.UCRED);
            MemorySegment len = a.allocateFrom(JAVA_INT, (int) Structs.UCRED.byteSize());
            if (Libc.syscall(SYS_GETSOCKOPT, fd, SOL_SOCKET, SO_PEERCRED, cred.address(), len.address()) < 0) {
                throw SysException.last("getsockopt(SO_PEERCRED)");
            }
            return new PeerCred(cred.get(JAVA_INT, Structs.UCRED_PID), cred.get(JAVA_INT, Structs.UCRED_UID), cred.get(JAVA_INT, Structs.UCRED_GID));
        }
    }

    /**
     * Shuts both directions down: a thread blocked in {@link #receive} on this socket returns EOF, and the peer
     * sees EOF too. The descriptor stays open (close it after the receiver is done). Errors are ignored.
     */
    public static void shutdown(int fd) {
        Libc.syscall(SYS_SHUTDOWN, fd, SHUT_RDWR);
    }

    private static int socket() {
        long fd = Libc.syscall(SYS_SOCKET, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0) throw SysException.last("socket");
        return (int) fd;
    }

    /** A sockaddr_un for {@code path}, cut to the path and its NUL (the length bind and connect are given). */
    private static MemorySegment sockaddr(Arena a, Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= Structs.SUN_PATH_MAX) throw new IllegalArgumentException("socket path longer than 107 bytes: " + path);
        MemorySegment addr = a.allocate(Structs.SUN_PATH + p.length + 1, Structs.SOCKADDR_UN.byteAlignment());
        addr.set(JAVA_SHORT, Structs.SUN_FAMILY, (short) AF_UNIX);
        MemorySegment.copy(p, 0, addr, JAVA_BYTE, Structs.SUN_PATH, p.length);
        return addr;
    }

    /** A msghdr with one iovec over {@code len} bytes of {@code buf} and a control buffer for {@code fds} (none when 0). */
    private static MemorySegment header(Arena a, MemorySegment buf, int len, int fds) {
        MemorySegment iov = a.allocate(Structs.IOVEC);
        iov.set(ADDRESS, Structs.IOV_BASE, buf);
        iov.set(JAVA_LONG, Structs.IOV_LEN, len);
        MemorySegment msg = a.allocate(Structs.MSGHDR);
        msg.set(ADDRESS, Structs.MSG_IOV, iov);
        msg.set(JAVA_LONG, Structs.MSG_IOVLEN, 1);
        if (fds > 0) {
            MemorySegment control = a.allocate(Structs.cmsgSpace(4L * fds), 8);
            msg.set(ADDRESS, Structs.MSG_CONTROL, control);
            msg.set(JAVA_LONG, Structs.MSG_CONTROLLEN, control.byteSize());
        }
        return msg;
    }

    /** Fills the control buffer {@link #header} made with one SCM_RIGHTS message carrying {@code fds}. */
    private static void writeRights(MemorySegment msg, int[] fds) {
        MemorySegment c = msg.get(ADDRESS, Structs.MSG_CONTROL).reinterpret(msg.get(JAVA_LONG, Structs.MSG_CONTROLLEN));
        c.set(JAVA_LONG, Structs.CMSG_LEN_FIELD, Structs.cmsgLen(4L * fds.length));
        c.set(JAVA_INT, Structs.CMSG_LEVEL, SOL_SOCKET);
        c.set(JAVA_INT, Structs.CMSG_TYPE, SCM_RIGHTS);
        MemorySegment.copy(fds, 0, c, JAVA_INT, Structs.CMSG_DATA, fds.length);
    }

    /**
     * Walks the control messages of a received msghdr (CMSG_FIRSTHDR / CMSG_NXTHDR) and collects the SCM_RIGHTS
     * descriptors. msg_controllen is what the host filled in, so the walk stays inside what it wrote.
     */
    private static int[] readRights(MemorySegment msg) {
        long controlLen = msg.get(JAVA_LONG, Structs.MSG_CONTROLLEN);
        MemorySegment control = msg.get(ADDRESS, Structs.MSG_CONTROL);
        if (controlLen < Structs.CMSG_DATA || control.equals(MemorySegment.NULL)) return new int[0];
        control = control.reinterpret(controlLen);
        int[] out = new int[0];
        for (long off = 0; off + Structs.CMSG_DATA <= controlLen; ) {
            long len = control.get(JAVA_LONG, off + Structs.CMSG_LEN_FIELD);
            if (len < Structs.CMSG_DATA || len > controlLen - off) break;
            if (control.get(JAVA_INT, off + Structs.CMSG_LEVEL) == SOL_SOCKET
                    && control.get(JAVA_INT, off + Structs.CMSG_TYPE) == SCM_RIGHTS) {
                int n = (int) ((len - Structs.CMSG_DATA) / 4);
                int base = out.length;
                out = Arrays.copyOf(out, base + n);
                MemorySegment.copy(control, JAVA_INT, off + Structs.CMSG_DATA, out, base, n);
            }
            off += Structs.cmsgAlign(len);
        }
        return out;
    }
}
