package dev.kernite.kernel;

import dev.kernite.abi.Status;
import dev.kernite.abi.control.ControlCodec;
import dev.kernite.abi.control.KernelRequest;
import dev.kernite.abi.control.MalformedMessageException;
import dev.kernite.abi.control.ReplyBody;
import dev.kernite.kernel.object.Mailbox;
import dev.kernite.kernel.object.ProcessObject;
import dev.kernite.sys.Fd;
import dev.kernite.sys.Host;
import dev.kernite.sys.SysException;
import dev.kernite.sys.UnixSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One process's control connection. The reader thread authenticates the peer (the first message must be
 * {@code Hello} with the spawn token, from the pid the kernel spawned — checked with SO_PEERCRED), then decodes
 * each request and runs it through {@link Syscalls} under the kernel lock. Replies and events go through a queue
 * drained by a writer thread, so the kernel never blocks on a slow or hostile process.
 *
 * <p>Thread safety: {@link #post} and {@link #close} are thread-safe; the rest runs on the connection's own threads.
 */
final class Connection implements Mailbox {
    private static final int HELLO_TIMEOUT_MS = 10_000;
    private record Outgoing(ByteBuffer message, int[] fds) { }
    private static final Outgoing POISON = new Outgoing(ByteBuffer.allocate(0), new int[0]);

    private final Kernel kernel;
    private final ControlServer server;
    private final int fd;
    private final LinkedBlockingQueue<Outgoing> outbox = new LinkedBlockingQueue<>();
    /** The socket is closed by whichever of the two threads ends last, so neither can use a reused fd number. */
    private final AtomicInteger threads = new AtomicInteger(2);
    private volatile boolean closed;
    private ProcessObject process;

    Connection(Kernel kernel, ControlServer server, int fd) {
        this.kernel = kernel;
        this.server = server;
        this.fd = fd;
    }

    void start() {
        Thread.ofPlatform().name("kernel-conn-" + fd).daemon().stackSize(256 * 1024).start(this::readLoop);
        Thread.ofPlatform().name("kernel-out-" + fd).daemon().stackSize(256 * 1024).start(this::writeLoop);
    }

    @Override
    public void post(ByteBuffer message, int... fds) {
        if (closed) return;
        int[] dups = new int[fds.length];
        for (int i = 0; i < fds.length; i++) dups[i] = Fd.dup(fds[i]);
        outbox.add(new Outgoing(message, dups));
    }

    private void readLoop() {
        ByteBuffer buf = ControlCodec.newBuffer();
        try {
            process = authenticate(buf);
            if (process == null) return;
            while (!closed) {
                buf.clear();
                UnixSocket.Received r = UnixSocket.receive(fd, buf);
                if (r.length() == 0 && r.fds().length == 0) break; // EOF: the process is gone
                buf.flip();
                dispatch(buf, r);
            }
        } catch (SysException e) {
            if (!closed) System.err.println("kernel: connection of " + process + " failed: " + e.getMessage());
        } finally {
            if (process != null) kernel.connectionLost(process);
            close();
            threadDone();
        }
    }

    private ProcessObject authenticate(ByteBuffer buf) {
        if (Host.poll(new int[] {fd}, HELLO_TIMEOUT_MS) < 0) return null;
        UnixSocket.Received r = UnixSocket.receive(fd, buf);
        closeAll(r.fds());
        buf.flip();
        int peerPid = UnixSocket.peerCred(fd).pid();
        ControlCodec.Incoming in;
        try {
            in = ControlCodec.decodeRequest(buf);
        } catch (MalformedMessageException e) {
            return null;
        }
        if (!(in.request() instanceof KernelRequest.Hello hello) || r.truncated()) {
            send(ControlCodec.encodeReply(in.seq(), Status.BAD_STATE, new ReplyBody.None()));
            return null;
        }
        ProcessObject p = kernel.authenticate(hello.token(), peerPid);
        if (p == null) {
            send(ControlCodec.encodeReply(in.seq(), Status.ACCESS_DENIED, new ReplyBody.None()));
            return null;
        }
        kernel.lock.lock();
        try {
            post(ControlCodec.encodeReply(in.seq(), Status.OK, kernel.syscalls().welcome(p)));
            p.connected(this);
            server.bound(p, this);
        } finally {
            kernel.lock.unlock();
        }
        return p;
    }

    private void dispatch(ByteBuffer buf, UnixSocket.Received r) {
        // Processes never send descriptors to the kernel; any that arrive are closed and the request refused.
        boolean bad = r.truncated() || r.fds().length > 0;
        closeAll(r.fds());
        ControlCodec.Incoming in;
        try {
            in = ControlCodec.decodeRequest(buf);
        } catch (MalformedMessageException e) {
            replyMalformed(buf);
            return;
        }
        if (bad) {
            post(ControlCodec.encodeReply(in.seq(), Status.INVALID_ARGUMENT, new ReplyBody.None()));
            return;
        }
        Syscalls.Reply reply = null;
        kernel.lock.lock();
        try {
            if (!process.isAlive()) return;
            reply = kernel.syscalls().handle(process, in.request());
            if (reply.finish() == null || !reply.status().isOk()) {
                post(ControlCodec.encodeReply(in.seq(), reply.status(), reply.body()), reply.status().isOk() ? reply.fds() : new int[0]);
                reply = null;
            }
        } catch (RuntimeException bug) {
            // A kernel bug must not take the caller down with it: report it loudly, answer HOST_ERROR, go on.
            System.err.println("kernel: BUG handling " + in.request() + " from " + process + ":");
            bug.printStackTrace();
            post(ControlCodec.encodeReply(in.seq(), Status.HOST_ERROR, new ReplyBody.None()));
            reply = null;
        } finally {
            kernel.lock.unlock();
        }
        if (reply != null) post(ControlCodec.encodeReply(in.seq(), Status.OK, reply.finish().apply(reply.body())), reply.fds());
    }

    /** A request that does not decode: answer INVALID_ARGUMENT if its sequence number can be read at all. */
    private void replyMalformed(ByteBuffer buf) {
        if (buf.limit() >= 8) {
            int seq = buf.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4);
            if (seq != 0) post(ControlCodec.encodeReply(seq, Status.INVALID_ARGUMENT, new ReplyBody.None()));
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Outgoing o = outbox.take();
                if (o == POISON) break;
                try {
                    if (!closed) send(o.message(), o.fds());
                } finally {
                    closeAll(o.fds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SysException e) {
            if (!closed) System.err.println("kernel: cannot write to " + process + ": " + e.getMessage());
            UnixSocket.shutdown(fd); // the reader sees EOF and reclaims the process
        } finally {
            for (Outgoing o; (o = outbox.poll()) != null; ) closeAll(o.fds());
            threadDone();
        }
    }

    private void send(ByteBuffer message, int... fds) {
        UnixSocket.send(fd, message.duplicate(), fds);
    }

    /** Stops both threads; the last one to stop closes the socket. */
    void close() {
        if (closed) return;
        closed = true;
        UnixSocket.shutdown(fd);
        outbox.add(POISON);
        server.forget(this);
    }

    private void threadDone() {
        if (threads.decrementAndGet() == 0) Fd.closeQuietly(fd);
    }

    private static void closeAll(int[] fds) {
        for (int f : fds) Fd.closeQuietly(f);
    }
}
