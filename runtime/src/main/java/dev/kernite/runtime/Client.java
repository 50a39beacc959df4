package dev.kernite.runtime;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.ring.ClientRings;
import dev.kernite.runtime.ring.WaitStrategy;
import dev.kernite.sys.Mapping;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client end of a channel to a server: {@code call} (request, then wait for the reply) and one-way
 * {@code send}. After the kernel set the channel up, every message moves through shared memory without a system
 * call while the server is running; a blocked caller sleeps on a futex and is woken by the server's reply, or by
 * the kernel when the server dies ({@link Status#PEER_DIED}).
 *
 * <p>Errors are values: a closed or broken channel returns its status from every call, never throws.
 *
 * <p>Thread safety: thread-safe; calls from several threads are serialized (one call in flight per channel — open
 * more channels for parallel calls).
 */
public final class Client implements AutoCloseable {
    private final Env env;
    private final int handle;
    private final Mapping channel;
    private final Mapping doorbell;
    private final ClientRings rings;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile WaitStrategy wait = WaitStrategy.DEFAULT;
    private boolean closed;      // guarded by lock
    private boolean reported;    // guarded by lock
    private long sentBeforeCall; // guarded by lock: requests published before the latest call began

    Client(Env env, int handle, Mapping channel, Mapping doorbell, ClientRings rings) {
        this.env = env;
        this.handle = handle;
        this.channel = channel;
        this.doorbell = doorbell;
        this.rings = rings;
    }

    /** The channel's handle in this process's capability table. */
    public int handle() { return handle; }

    /** Sends {@code request} and waits for the reply, which is copied into {@code reply}. */
    public Status call(Message request, Message reply) {
        return call(request, reply, -1);
    }

    /** As {@link #call(Message, Message)}, giving up with TIMED_OUT after {@code timeout}. */
    public Status call(Message request, Message reply, Duration timeout) {
        return call(request, reply, timeout.toNanos());
    }

    private Status call(Message request, Message reply, long timeoutNanos) {
        lock.lock();
        try {
            if (closed) return Status.CHANNEL_CLOSED;
            sentBeforeCall = rings.requestsSent();
            return checked(rings.call(request, reply, timeoutNanos, wait));
        } finally {
            lock.unlock();
        }
    }

    /** Sends one message without a reply, waiting while the request ring is full. */
    public Status send(Message message) {
        lock.lock();
        try {
            if (closed) return Status.CHANNEL_CLOSED;
            return checked(rings.send(message, -1, wait));
        } finally {
            lock.unlock();
        }
    }

    /** Sends one message without waiting: WOULD_BLOCK when the ring is full (back-pressure). */
    public Status trySend(Message message) {
        lock.lock();
        try {
            if (closed) return Status.CHANNEL_CLOSED;
            return checked(rings.trySend(ChannelLayout.KIND_SEND, message, 0));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the server took the request of the latest {@link #call} off the ring: false only when that request
     * was never published, or the request ring's head (published by the server when it takes a request) had not
     * passed it. Meaningful once the channel is closed and the server can no longer move the head — for deciding
     * whether a non-idempotent request that died with its server may be sent again. A head beyond what was sent
     * (a lying or broken server) counts as taken, as does asking after {@link #close} (the ring is unmapped).
     */
    boolean lastRequestTaken() {
        lock.lock();
        try {
            if (closed) return true;
            long sent = rings.requestsSent();
            return sent > sentBeforeCall && rings.requestHead() >= sent;
        } finally {
            lock.unlock();
        }
    }

    /** OK while the channel is open, else why it closed. */
    public Status status() { return rings.state(); }

    /** Replaces how this client waits (spin, yield, sleep). */
    void setWaitStrategy(WaitStrategy w) { this.wait = w; }

    /** How calls on this channel wait for their reply ({@link WaitMode#SPIN} unless set). */
    public void setWaitMode(WaitMode mode) { this.wait = mode.strategy; }

    /** A protocol violation we detected is reported to the kernel once, which tells the server. */
    private Status checked(Status s) {
        if (s == Status.PROTOCOL_ERROR && !reported) {
            reported = true;
            env.reportBroken(handle);
        }
        return s;
    }

    /** Closes the channel (the server sees CHANNEL_CLOSED), drops the handle and unmaps the memory. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            rings.close(Status.CHANNEL_CLOSED, ChannelLayout.BY_CLIENT);
            if (!reported) env.closeHandle(handle);
            channel.close();
            doorbell.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() { return "Client[handle=" + handle + ", " + status() + "]"; }
}
