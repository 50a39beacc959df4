package dev.kernite.runtime;

import dev.kernite.abi.Status;
import dev.kernite.abi.control.ControlCodec;
import dev.kernite.abi.control.KernelEvent;
import dev.kernite.abi.control.KernelRequest;
import dev.kernite.abi.control.MalformedMessageException;
import dev.kernite.abi.control.ReplyBody;
import dev.kernite.sys.Fd;
import dev.kernite.sys.SysException;
import dev.kernite.sys.UnixSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * This process's connection to the kernel: requests go out with a sequence number and their replies are matched
 * by a reader thread, which also hands unasked events to the environment. This is the slow path (set-up,
 * capabilities, process control); messages between processes never pass here.
 *
 * <p>Thread safety: thread-safe; any thread may call {@link #call}.
 */
final class KernelLink implements AutoCloseable {
    /** A reply as received: status, decoded body (null unless OK), and the descriptors that came with it. */
    record Reply(Status status, ReplyBody body, int[] fds) { }

    private final int fd;
    private final AtomicInteger nextSeq = new AtomicInteger(1);
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final BiConsumer<KernelEvent, int[]> events;
    private final Runnable onLost;
    private volatile boolean closed;
    private Thread reader;

    private record Pending(KernelRequest request, CompletableFuture<Reply> reply) { }

    private KernelLink(int fd, BiConsumer<KernelEvent, int[]> events, Runnable onLost) {
        this.fd = fd;
        this.events = events;
        this.onLost = onLost;
    }

    /** Connects; the caller then sends {@code Hello} through {@link #call}. */
    static KernelLink connect(Path socket, BiConsumer<KernelEvent, int[]> events, Runnable onLost) {
        KernelLink link = new KernelLink(UnixSocket.connect(socket), events, onLost);
        link.reader = Thread.ofPlatform().name("kernite-kernel-link").daemon().start(link::readLoop);
        return link;
    }

    /** Sends a request and waits for its reply. KERNEL_GONE when the connection is lost. */
    Reply call(KernelRequest request) {
        if (closed) return new Reply(Status.KERNEL_GONE, null, new int[0]);
        int seq = nextSeq.getAndUpdate(s -> s == Integer.MAX_VALUE ? 1 : s + 1);
        CompletableFuture<Reply> f = new CompletableFuture<>();
        pending.put(seq, new Pending(request, f));
        try {
            UnixSocket.send(fd, ControlCodec.encodeRequest(seq, request));
            return f.get();
        } catch (SysException e) {
            pending.remove(seq);
            return new Reply(Status.KERNEL_GONE, null, new int[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(seq);
            return new Reply(Status.INTERRUPTED, null, new int[0]);
        } catch (ExecutionException e) {
            throw new AssertionError("reply futures are never failed", e);
        }
    }

    private void readLoop() {
        ByteBuffer buf = ControlCodec.newBuffer();
        try {
            while (!closed) {
                buf.clear();
                UnixSocket.Received r = UnixSocket.receive(fd, buf);
                if (r.length() == 0 && r.fds().length == 0) break;
                buf.flip();
                if (r.truncated() || !deliver(buf, r.fds())) {
                    System.err.println("kernite: malformed message from the kernel; dropping the connection");
                    closeAll(r.fds());
                    break;
                }
            }
        } catch (SysException e) {
            if (!closed) System.err.println("kernite: kernel connection failed: " + e.getMessage());
        }
        lost();
    }

    private boolean deliver(ByteBuffer buf, int[] fds) {
        try {
            switch (ControlCodec.decodeOutgoing(buf)) {
                case ControlCodec.Outgoing.Event e -> events.accept(e.event(), fds);
                case ControlCodec.Outgoing.Reply rep -> {
                    Pending p = pending.remove(rep.seq());
                    if (p == null) {
                        // The caller gave up (interrupted) before its reply came: drop the reply, keep the link.
                        closeAll(fds);
                        return true;
                    }
                    ReplyBody body = rep.status().isOk() ? ControlCodec.replyBody(p.request(), rep.body()) : null;
                    p.reply().complete(new Reply(rep.status(), body, fds));
                }
            }
            return true;
        } catch (MalformedMessageException e) {
            return false;
        }
    }

    private void lost() {
        boolean wasOpen = !closed;
        closed = true;
        for (Pending p : pending.values()) p.reply().complete(new Reply(Status.KERNEL_GONE, null, new int[0]));
        pending.clear();
        if (wasOpen) onLost.run();
    }

    static void closeAll(int[] fds) {
        for (int f : fds) Fd.closeQuietly(f);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        UnixSocket.shutdown(fd);
        try {
            if (reader != null && reader != Thread.currentThread()) reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Fd.closeQuietly(fd);
    }
}
