package dev.kernite.runtime;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.ring.EndpointReceiver;
import dev.kernite.runtime.ring.ServerRings;
import dev.kernite.runtime.ring.WaitStrategy;
import dev.kernite.sys.Mapping;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server end of an endpoint: {@link #receive} takes the next request from any connected client (round robin),
 * with the caller's badge — stamped by the kernel, so it cannot be forged — and {@link #reply} answers a call on
 * the channel it came from. Clients connect and disconnect at any time; a client that dies or misbehaves only
 * loses its own channel.
 *
 * <p>Thread safety: one thread receives at a time. {@link #reply} may come from another thread than the receiving
 * one, but one thread at a time per channel (a channel's reply ring takes one writer at a time); a server that
 * answers from several threads (a driver's request and interrupt threads) uses {@link #replyFromAnyThread}. A reply
 * on a channel that closed meanwhile returns CHANNEL_CLOSED.
 */
public final class Server implements AutoCloseable {
    /**
     * The label of a heartbeat call (from the reincarnation server). {@link #receive} answers it itself, so a
     * service whose receive loop stops running stops answering heartbeats, and is restarted as hung.
     */
    public static final int LABEL_HEARTBEAT = Integer.MIN_VALUE;

    private record Entry(int handle, Mapping mapping) { }

    private final Env env;
    private final int handle;
    private final String name;
    private final Mapping doorbell;
    private final EndpointReceiver receiver;
    private final Map<ServerRings, Entry> entries = new ConcurrentHashMap<>();
    private volatile WaitStrategy wait = WaitStrategy.DEFAULT;
    private volatile boolean closed;
    private final Object replyLock = new Object();

    Server(Env env, int handle, String name, Mapping doorbell) {
        this.env = env;
        this.handle = handle;
        this.name = name;
        this.doorbell = doorbell;
        this.receiver = new EndpointReceiver(doorbell.segment(), this::channelClosed);
    }

    public int handle() { return handle; }

    public String name() { return name; }

    /** Waits for the next request; {@code into} gets its label, payload, badge and reply token. */
    public Status receive(Message into) {
        return receive(into, -1);
    }

    /** As {@link #receive(Message)}, returning TIMED_OUT after {@code timeout}. */
    public Status receive(Message into, Duration timeout) {
        return receive(into, timeout.toNanos());
    }

    private Status receive(Message into, long timeoutNanos) {
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (!closed) {
            long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
            Status s;
            try {
                s = receiver.receive(into, left, wait);
            } catch (IllegalStateException unmapped) {
                continue; // a channel was unmapped mid-scan: it is gone, scan the others
            }
            if (s != Status.OK || into.label() != LABEL_HEARTBEAT || !into.expectsReply()) return s;
            into.setLength(0);
            reply(into); // a heartbeat proves this receive loop runs; the service never sees it
        }
        return Status.BAD_STATE;
    }

    /** Replies to the call whose token {@code reply} holds (see {@link Message#takeReplyToken}). */
    public Status reply(Message reply) {
        try {
            return receiver.reply(reply);
        } catch (IllegalStateException unmapped) {
            return Status.CHANNEL_CLOSED;
        }
    }

    /**
     * As {@link #reply}, from any thread: replies taken this way go out one at a time. {@link #reply} itself takes
     * no lock, so the IPC path of a server answering from one thread pays for none.
     */
    public Status replyFromAnyThread(Message reply) {
        synchronized (replyLock) {
            return reply(reply);
        }
    }

    /** The channel handle a received message came on (for capability transfers), or 0. */
    public int channelOf(Message received) {
        ServerRings r = received.replyToken().channel();
        Entry e = r == null ? null : entries.get(r);
        return e == null ? 0 : e.handle();
    }

    /** Whether the channel with this handle (see {@link #channelOf}) is still connected. */
    public boolean isConnected(int channelHandle) {
        for (Entry e : entries.values()) if (e.handle() == channelHandle) return true;
        return false;
    }

    /** Number of connected clients. */
    public int clients() { return entries.size(); }

    void setWaitStrategy(WaitStrategy w) { this.wait = w; }

    /** How {@link #receive} waits for the next request ({@link WaitMode#SPIN} unless set). */
    public void setWaitMode(WaitMode mode) { this.wait = mode.strategy; }

    /** A client connected (from the kernel's event): map its channel and start serving it. */
    void channelOpened(int channelHandle, long badge, Mapping mapping) {
        ServerRings rings = ServerRings.open(mapping.segment(), badge);
        if (rings == null || closed) {
            mapping.close();
            env.reportBroken(channelHandle);
            return;
        }
        entries.put(rings, new Entry(channelHandle, mapping));
        receiver.add(rings);
    }

    /** The receiver dropped a channel (closed, or broken by the client): release it. */
    private void channelClosed(ServerRings rings) {
        Entry e = entries.remove(rings);
        if (e == null) return;
        boolean weSawViolation = rings.state() == Status.PROTOCOL_ERROR && rings.closedBy() == ChannelLayout.BY_SERVER;
        if (weSawViolation) env.reportBroken(e.handle()); else env.closeHandle(e.handle());
        e.mapping().close();
    }

    /** Stops serving: every client sees CHANNEL_CLOSED; the endpoint's handle is dropped. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (ServerRings r : receiver.channels()) {
            r.close(Status.CHANNEL_CLOSED, ChannelLayout.BY_SERVER);
            channelClosed(r);
        }
        env.serverClosed(this);
        env.closeHandle(handle);
        doorbell.close();
    }
}
