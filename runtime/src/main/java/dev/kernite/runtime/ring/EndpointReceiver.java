package dev.kernite.runtime.ring;

import dev.kernite.abi.DoorbellLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The server side of an endpoint: receives from many channels, one message at a time, and routes replies back.
 *
 * <p>Fairness: channels are polled round-robin, starting after the channel that was served last, so a busy
 * client cannot starve the others.
 *
 * <p>Sleeping ({@link DoorbellLayout}): when every channel is empty the receiver reads the doorbell sequence,
 * raises serverSleeping on every channel, fences, scans once more, and only then sleeps on the doorbell with the
 * sequence it read. A client that publishes while its channel's flag is raised bumps the sequence and wakes it.
 * A channel added meanwhile is covered too: {@link #add} publishes the channel before it rings the doorbell, so
 * either the scan sees the channel or the sequence has moved and the sleep returns at once.
 *
 * <p>Closed channels: a channel found closed, or whose client broke the protocol, is removed and handed once to
 * the {@code closedChannels} callback (on the thread that found it: the receiving or replying thread). Its
 * mapping may be released there, or later on that thread — never from another thread while it may be polled.
 *
 * <p>Thread safety: {@link #receive} by one thread at a time. {@link #reply} by one thread at a time per channel
 * (usually the receiving thread). {@link #add}, {@link #remove}, {@link #wakeup} and {@link #channels} from any
 * thread: the channel list is a copy-on-write array, written under {@code this} lock and read without locks.
 */
public final class EndpointReceiver {
    private static final ServerRings[] NONE = {};

    private final MemorySegment doorbell;
    private final Consumer<ServerRings> closedChannels;
    private final WaitSite doorbellSite = new DoorbellSite();

    /** Guarded by {@code this} for writes; readers take one volatile snapshot. */
    private volatile ServerRings[] channels = NONE;

    // Receiving-thread state.
    private int next;
    private Message pending;

    /**
     * @param doorbell       the endpoint's doorbell segment (≥ {@link DoorbellLayout#SIZE} bytes; contents are not
     *                       trusted, every client can write them)
     * @param closedChannels told once about each channel removed because it closed or misbehaved
     */
    public EndpointReceiver(MemorySegment doorbell, Consumer<ServerRings> closedChannels) {
        if (!Doorbell.fits(doorbell)) throw new IllegalArgumentException("not a doorbell segment: " + doorbell);
        this.doorbell = doorbell;
        this.closedChannels = Objects.requireNonNull(closedChannels);
    }

    /** Adds a channel and wakes the receiver so it is scanned at once. */
    public void add(ServerRings channel) {
        Objects.requireNonNull(channel);
        synchronized (this) {
            ServerRings[] old = channels;
            ServerRings[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = channel;
            channels = grown;
        }
        wakeup();
    }

    /** Removes a channel without closing it; false if it was not there. */
    public boolean remove(ServerRings channel) {
        synchronized (this) {
            ServerRings[] old = channels;
            int i = indexOf(old, channel);
            if (i < 0) return false;
            ServerRings[] shrunk = new ServerRings[old.length - 1];
            System.arraycopy(old, 0, shrunk, 0, i);
            System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
            channels = shrunk;
            return true;
        }
    }

    /** A snapshot of the channels being served. */
    public ServerRings[] channels() {
        return channels.clone();
    }

    /** Pokes the receiver out of its sleep (it rescans and sleeps again if there is nothing to do). */
    public void wakeup() {
        Doorbell.ring(doorbell);
    }

    /**
     * Receives the next message from any channel into {@code into}, with its badge and reply token.
     *
     * @param timeoutNanos &lt; 0 waits forever; 0 never waits
     * @return OK; WOULD_BLOCK (timeout 0, nothing there); TIMED_OUT; INTERRUPTED
     */
    public Status receive(Message into, long timeoutNanos, WaitStrategy wait) {
        pending = into;
        try {
            return wait.await(doorbellSite, timeoutNanos);
        } finally {
            pending = null;
        }
    }

    /**
     * Sends the reply for the call whose token {@code reply} holds, on the channel it came from. If that channel
     * turns out closed or broken, it is removed and reported.
     *
     * @return as {@link ServerRings#reply}
     */
    public Status reply(Message reply) {
        ServerRings channel = reply.replyToken().channel();
        if (channel == null) return Status.BAD_STATE;
        Status st = channel.reply(reply);
        if (st != Status.OK && st != Status.BAD_STATE && st != Status.MESSAGE_TOO_LARGE) drop(channel);
        return st;
    }

    /** One round-robin pass over all channels; WOULD_BLOCK if all are empty. */
    private Status scan(Message into) {
        ServerRings[] cs = channels;
        int n = cs.length;
        int start = next < n ? next : 0;
        for (int k = 0; k < n; k++) {
            int i = start + k < n ? start + k : start + k - n;
            Status st = cs[i].poll(into);
            if (st == Status.OK) {
                next = i + 1;
                return Status.OK;
            }
            if (st != Status.WOULD_BLOCK) drop(cs[i]);
        }
        return Status.WOULD_BLOCK;
    }

    private void drop(ServerRings channel) {
        if (remove(channel)) closedChannels.accept(channel);
    }

    private static int indexOf(ServerRings[] cs, ServerRings channel) {
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] == channel) return i;
        }
        return -1;
    }

    /** Waiting for any channel: sleeps on the doorbell sequence, flagged by every channel's serverSleeping. */
    private final class DoorbellSite implements WaitSite {
        @Override public Status attempt() { return scan(pending); }

        @Override public int arm() {
            int seen = Doorbell.seq(doorbell);
            for (ServerRings c : channels) {
                c.setSleeping(true);
                c.verifyHeader();
            }
            return seen;
        }

        @Override public void disarm() {
            for (ServerRings c : channels) c.setSleeping(false);
        }

        @Override public MemorySegment futexSegment() { return doorbell; }

        @Override public long futexOffset() { return DoorbellLayout.SEQ_OFFSET; }
    }
}
