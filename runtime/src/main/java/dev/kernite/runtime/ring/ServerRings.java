package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.sys.Futex;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The server's view of one channel: consumer of the request ring, producer of the reply ring
 * ({@link ChannelLayout}). Nothing the client writes is trusted: every count, length, kind and state word is
 * checked before use, messages are copied out of shared memory before anyone looks at them, and a violation
 * closes the channel with {@link Status#PROTOCOL_ERROR}. No method throws for anything the peer wrote.
 *
 * <p>The server's own counts (request head, reply tail) live in private fields and are only published to shared
 * memory, never read back; the client's counts are read only when the cached copy says the ring is empty (request
 * ring) or full (reply ring). The request head is published once per quarter ring and whenever the ring is found
 * empty, not per one-way message; a taken CALL is published at once (the head then tells a client whose server
 * died whether its call was taken). The badge comes from the server runtime's own record of the channel.
 *
 * <p>Thread safety: {@link #poll} by one thread at a time; {@link #reply} by one thread at a time (which may be
 * another thread than the poller: the two rings share no private state). {@link #state()}, {@link #close},
 * {@link #setSleeping} and the accessors are safe from any thread.
 */
public final class ServerRings {
    private final MemorySegment seg;
    private final ClosedLatch latch;
    private final ChannelGeometry geometry;
    private final long badge;
    private final int reqSlots;
    private final int repSlots;
    private final int maxPayload;
    /** Publish the request head after this many messages (or as soon as the ring is found empty). */
    private final int headBatch;

    // Request ring, consumer side: owned by the polling thread.
    private long reqHead;
    private long publishedReqHead;
    private long cachedReqTail;
    // Reply ring, producer side: owned by the replying thread.
    private long repTail;
    private long cachedRepHead;

    private ServerRings(MemorySegment seg, ChannelGeometry geometry, long badge, long reqHead, long reqTail,
                        long repTail, long repHead) {
        this.seg = seg;
        this.latch = new ClosedLatch(seg);
        this.geometry = geometry;
        this.badge = badge;
        this.reqSlots = geometry.reqSlots();
        this.repSlots = geometry.repSlots();
        this.maxPayload = geometry.maxPayload();
        this.reqHead = reqHead;
        this.publishedReqHead = reqHead;
        this.cachedReqTail = reqTail;
        this.headBatch = Math.max(1, reqSlots / 4);
        this.repTail = repTail;
        this.cachedRepHead = repHead;
    }

    /**
     * Opens the server side of a channel segment (a mapping of the channel memfd).
     *
     * @param badge who the client is, from the server runtime's own channel record; stamped on every message
     * @return the rings, or null if the segment is not a well-formed channel (bad magic, version or geometry,
     *         too small, or counts already inconsistent) — to be treated as {@link Status#PROTOCOL_ERROR}
     */
    public static ServerRings open(MemorySegment channel, long badge) {
        ChannelGeometry g = ChannelGeometry.read(channel);
        if (g == null) return null;
        long reqHead = Shm.getLongVolatile(channel, ChannelLayout.REQ_HEAD_OFFSET);
        long reqTail = Shm.getLongVolatile(channel, ChannelLayout.REQ_TAIL_OFFSET);
        long repHead = Shm.getLongVolatile(channel, ChannelLayout.REP_HEAD_OFFSET);
        long repTail = Shm.getLongVolatile(channel, ChannelLayout.REP_TAIL_OFFSET);
        if (!ChannelGeometry.consistent(reqHead, reqTail, g.reqSlots())
            || !ChannelGeometry.consistent(repHead, repTail, g.repSlots())) {
            return null;
        }
        return new ServerRings(channel, g, badge, reqHead, reqTail, repTail, repHead);
    }

    /**
     * Takes the next request, if any, into {@code into}: label, payload, this channel's badge and a reply token
     * (a token {@code into} still held is dropped).
     *
     * @return OK; WOULD_BLOCK if the ring is empty; the closing status if the channel is closed;
     *         PROTOCOL_ERROR if the client broke the protocol (the channel is then closed)
     */
    public Status poll(Message into) {
        Status st = state();
        if (st != Status.OK) return st;
        long head = reqHead;
        if (head == cachedReqTail) {
            long tail = Shm.getLongAcquire(seg, ChannelLayout.REQ_TAIL_OFFSET);
            if (tail < cachedReqTail || tail - head > reqSlots) return violation();
            cachedReqTail = tail;
            if (tail == head) {
                if (head != publishedReqHead) publishRequestHead(head);
                return Status.WOULD_BLOCK;
            }
        }
        long slot = geometry.requestSlot(head);
        int length = Shm.getInt(seg, slot + ChannelLayout.SLOT_LENGTH);
        int kind = Shm.getInt(seg, slot + ChannelLayout.SLOT_KIND);
        if (length < 0 || length > maxPayload || (kind != ChannelLayout.KIND_CALL && kind != ChannelLayout.KIND_SEND)) {
            return violation();
        }
        int label = Shm.getInt(seg, slot + ChannelLayout.SLOT_LABEL);
        int callId = Shm.getInt(seg, slot + ChannelLayout.SLOT_CALL_ID);
        MemorySegment.copy(seg, slot + ChannelLayout.SLOT_HEADER, into.buffer(), 0, length);
        into.setLabel(label).setLength(length).setBadge(badge).setStatus(Status.OK);
        into.replyToken().set(this, kind, callId);
        reqHead = head + 1;
        // A CALL is published as taken at once, before the service acts on it: if the server dies, its client reads
        // the head to learn whether the call was taken (ServiceClient resends a non-idempotent call only if not).
        if (kind == ChannelLayout.KIND_CALL || head + 1 - publishedReqHead >= headBatch) publishRequestHead(head + 1);
        return Status.OK;
    }

    /**
     * Publishes the request head; wakes the client if it sleeps waiting for space (Dekker pair). Done per batch
     * of messages, not per message — each publication costs a full fence and dirties the line the client reads
     * its flags from — and always before reporting the ring empty, so a client waiting for space is never left
     * waiting on messages the server has already taken.
     */
    private void publishRequestHead(long newHead) {
        publishedReqHead = newHead;
        Shm.setLongRelease(seg, ChannelLayout.REQ_HEAD_OFFSET, newHead);
        VarHandle.fullFence();
        if (Shm.getIntVolatile(seg, ChannelLayout.SPACE_WAITER_OFFSET) != 0) {
            Futex.wake(seg, ChannelLayout.REQ_HEAD_OFFSET, Integer.MAX_VALUE);
        }
    }

    /**
     * Answers the call whose token {@code reply} holds (see {@link Message#takeReplyToken}); the token is consumed.
     * Never waits: an honest client has at most one live call per reply slot, so a full reply ring means the
     * client broke the protocol.
     *
     * @return OK; BAD_STATE if the token is not an unanswered call on this channel; MESSAGE_TOO_LARGE (token
     *         kept); the closing status if the channel is closed; PROTOCOL_ERROR if the client broke the protocol
     */
    public Status reply(Message reply) {
        ReplyToken token = reply.replyToken();
        if (token.channel != this || token.kind != ChannelLayout.KIND_CALL) return Status.BAD_STATE;
        Status st = state();
        if (st != Status.OK) {
            token.clear();
            return st;
        }
        int length = reply.length();
        if (length > maxPayload) return Status.MESSAGE_TOO_LARGE;
        long tail = repTail;
        if (tail - cachedRepHead >= repSlots) {
            long head = Shm.getLongAcquire(seg, ChannelLayout.REP_HEAD_OFFSET);
            if (head < cachedRepHead || head > tail || tail - head >= repSlots) {
                token.clear();
                return violation();
            }
            cachedRepHead = head;
        }
        long slot = geometry.replySlot(tail);
        Shm.setInt(seg, slot + ChannelLayout.SLOT_LENGTH, length);
        Shm.setInt(seg, slot + ChannelLayout.SLOT_LABEL, reply.label());
        Shm.setInt(seg, slot + ChannelLayout.SLOT_KIND, ChannelLayout.KIND_REPLY);
        Shm.setInt(seg, slot + ChannelLayout.SLOT_CALL_ID, token.callId);
        MemorySegment.copy(reply.buffer(), 0, seg, slot + ChannelLayout.SLOT_HEADER, length);
        token.clear();
        publishReply(tail + 1);
        return Status.OK;
    }

    /** Publishes the new reply tail; wakes the client if it sleeps waiting for a reply (Dekker pair). */
    private void publishReply(long newTail) {
        repTail = newTail;
        Shm.setLongRelease(seg, ChannelLayout.REP_TAIL_OFFSET, newTail);
        VarHandle.fullFence();
        if (Shm.getIntVolatile(seg, ChannelLayout.REPLY_WAITER_OFFSET) != 0) {
            Futex.wake(seg, ChannelLayout.REP_TAIL_OFFSET, Integer.MAX_VALUE);
        }
    }

    /**
     * Raises or lowers this channel's serverSleeping flag. A receiver raises it on every channel before it
     * fences, re-scans and sleeps on the doorbell; a client that publishes while it is raised rings the doorbell.
     */
    public void setSleeping(boolean sleeping) {
        Shm.setIntRelease(seg, ChannelLayout.SERVER_SLEEPING_OFFSET, sleeping ? 1 : 0);
    }

    /**
     * Checks that the shared header still matches the geometry read at open; if not, closes the channel with
     * PROTOCOL_ERROR. Called on slow paths (before sleeping), not per message.
     */
    public Status verifyHeader() {
        return geometry.matches(seg) ? state() : violation();
    }

    /** {@link Status#OK} while open, else why the channel closed (unknown values read as PROTOCOL_ERROR). */
    public Status state() {
        return latch.state();
    }

    /** Who closed the channel ({@link ChannelLayout#BY_CLIENT} …), 0 while open. */
    public int closedBy() {
        return latch.closedBy();
    }

    /**
     * Closes the channel with {@code reason} if still open (the first closer's reason sticks) and wakes every
     * waiter on it.
     *
     * @return true if this call closed it
     */
    public boolean close(Status reason, int by) {
        return latch.close(reason, by);
    }

    /** The client's badge, as given at open. */
    public long badge() { return badge; }

    /** The geometry read at open. */
    public ChannelGeometry geometry() { return geometry; }

    /** The channel segment this view works on. */
    public MemorySegment segment() { return seg; }

    private Status violation() {
        latch.close(Status.PROTOCOL_ERROR, ChannelLayout.BY_SERVER);
        return Status.PROTOCOL_ERROR;
    }

    @Override
    public String toString() {
        return "ServerRings[badge=" + badge + ", " + geometry + "]";
    }
}
