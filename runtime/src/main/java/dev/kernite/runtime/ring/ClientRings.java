package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The client's view of one channel: producer of the request ring, consumer of the reply ring
 * ({@link ChannelLayout}), plus the endpoint's doorbell, rung when the server sleeps. Nothing the server writes
 * is trusted: counts, lengths, kinds, call ids and the state word are checked before use, replies are copied out
 * of shared memory before the caller sees them, and a violation closes the channel with
 * {@link Status#PROTOCOL_ERROR}. No method throws for anything the peer wrote.
 *
 * <p>Calls: one at a time. Each CALL carries a call id; the reply must carry the same id. A call that timed out
 * (or was interrupted) is abandoned, as is any call still unanswered when the next CALL is published; a late reply
 * is recognised by its older id and skipped. Before a new CALL the
 * client makes sure the reply ring has room for the replies of every call not yet answered, so an honest client
 * never lets the server find the reply ring full. Call ids are consecutive: the next CALL must carry
 * {@link #nextCallId()}, which {@link #call} does by itself.
 *
 * <p>Thread safety: not thread-safe — one thread at a time (callers serialize). Only {@link #state()},
 * {@link #close} and the accessors may be called from any thread (e.g. to close a channel a caller is blocked on).
 */
public final class ClientRings {
    private final MemorySegment seg;
    private final ClosedLatch latch;
    private final MemorySegment doorbell;
    private final ChannelGeometry geometry;
    private final int reqSlots;
    private final int repSlots;
    private final int maxPayload;

    // Request ring, producer side.
    private long reqTail;
    private long cachedReqHead;
    // Reply ring, consumer side.
    private long repHead;
    private long cachedRepTail;
    /** CALLs published; {@code callsSent - repHead} calls still have a reply to come. */
    private long callsSent;
    /** Id of the newest CALL published; the next one carries {@code lastCallId + 1}. */
    private int lastCallId;

    // The operation a blocking wait is retrying (set just before the wait, cleared after).
    private Message pending;
    private int pendingKind;
    private int pendingCallId;
    private final WaitSite spaceSite = new SpaceSite();
    private final WaitSite replySite = new ReplySite();

    private ClientRings(MemorySegment seg, MemorySegment doorbell, ChannelGeometry geometry, long reqTail,
                        long reqHead, long repHead, long repTail) {
        this.seg = seg;
        this.latch = new ClosedLatch(seg);
        this.doorbell = doorbell;
        this.geometry = geometry;
        this.reqSlots = geometry.reqSlots();
        this.repSlots = geometry.repSlots();
        this.maxPayload = geometry.maxPayload();
        this.reqTail = reqTail;
        this.cachedReqHead = reqHead;
        this.repHead = repHead;
        this.cachedRepTail = repTail;
        this.callsSent = repHead;
    }

    /**
     * Opens the client side of a channel segment (a mapping of the channel memfd).
     *
     * @param doorbell the endpoint's doorbell segment ({@link dev.kernite.abi.DoorbellLayout})
     * @return the rings, or null if the channel segment is not a well-formed channel (bad magic, version or
     *         geometry, too small, or counts already inconsistent) — to be treated as {@link Status#PROTOCOL_ERROR} —
     *         or the doorbell segment is too small
     */
    public static ClientRings open(MemorySegment channel, MemorySegment doorbell) {
        ChannelGeometry g = ChannelGeometry.read(channel);
        if (g == null || !Doorbell.fits(doorbell)) return null;
        long reqHead = Shm.getLongVolatile(channel, ChannelLayout.REQ_HEAD_OFFSET);
        long reqTail = Shm.getLongVolatile(channel, ChannelLayout.REQ_TAIL_OFFSET);
        long repHead = Shm.getLongVolatile(channel, ChannelLayout.REP_HEAD_OFFSET);
        long repTail = Shm.getLongVolatile(channel, ChannelLayout.REP_TAIL_OFFSET);
        if (!ChannelGeometry.consistent(reqHead, reqTail, g.reqSlots())
            || !ChannelGeometry.consistent(repHead, repTail, g.repSlots())) {
            return null;
        }
        return new ClientRings(channel, doorbell, g, reqTail, reqHead, repHead, repTail);
    }

    /** The id the next CALL must carry (ids of published calls increase by one). */
    public int nextCallId() {
        return lastCallId + 1;
    }

    /**
     * Publishes one request without waiting.
     *
     * @param kind   {@link ChannelLayout#KIND_CALL} or {@link ChannelLayout#KIND_SEND}
     * @param callId for a CALL, {@link #nextCallId()} (anything else is a caller bug); ignored for a SEND
     * @return OK; WOULD_BLOCK if the request ring is full (or, for a CALL, the reply ring still owes replies to
     *         abandoned calls); MESSAGE_TOO_LARGE; the closing status; PROTOCOL_ERROR if the server broke the protocol
     */
    public Status trySend(int kind, Message m, int callId) {
        if (kind != ChannelLayout.KIND_CALL && kind != ChannelLayout.KIND_SEND) {
            throw new IllegalArgumentException("not a request kind: " + kind);
        }
        if (kind == ChannelLayout.KIND_CALL && callId != lastCallId + 1) {
            throw new IllegalArgumentException("call id " + callId + " is not the next one, " + (lastCallId + 1));
        }
        Status st = state();
        if (st != Status.OK) return st;
        int length = m.length();
        if (length > maxPayload) return Status.MESSAGE_TOO_LARGE;
        if (kind == ChannelLayout.KIND_CALL && (st = makeReplyRoom()) != Status.OK) return st;
        long tail = reqTail;
        if (tail - cachedReqHead >= reqSlots) {
            long head = Shm.getLongAcquire(seg, ChannelLayout.REQ_HEAD_OFFSET);
            if (head < cachedReqHead || head > tail) return violation();
            cachedReqHead = head;
            if (tail - head >= reqSlots) return Status.WOULD_BLOCK;
        }
        long slot = geometry.requestSlot(tail);
        Shm.setInt(seg, slot + ChannelLayout.SLOT_LENGTH, length);
        Shm.setInt(seg, slot + ChannelLayout.SLOT_LABEL, m.label());
        Shm.setInt(seg, slot + ChannelLayout.SLOT_KIND, kind);
        Shm.setInt(seg, slot + ChannelLayout.SLOT_CALL_ID, callId);
        MemorySegment.copy(m.buffer(), 0, seg, slot + ChannelLayout.SLOT_HEADER, length);
        if (kind == ChannelLayout.KIND_CALL) {
            callsSent++;
            lastCallId = callId;
        }
        publishRequest(tail + 1);
        return Status.OK;
    }

    /** Publishes the new request tail; rings the doorbell if the server sleeps (Dekker pair). */
    private void publishRequest(long newTail) {
        reqTail = newTail;
        Shm.setLongRelease(seg, ChannelLayout.REQ_TAIL_OFFSET, newTail);
        VarHandle.fullFence();
        if (Shm.getIntVolatile(seg, ChannelLayout.SERVER_SLEEPING_OFFSET) != 0) Doorbell.ring(doorbell);
    }

    /**
     * Takes the reply to call {@code expectedCallId} into {@code into} if it has arrived (label, payload, status
     * OK). Late replies to earlier, abandoned calls are skipped.
     *
     * @return OK; WOULD_BLOCK if it has not arrived; the closing status; PROTOCOL_ERROR if the server broke the
     *         protocol (a reply to no outstanding call, a bad length or kind)
     */
    public Status pollReply(Message into, int expectedCallId) {
        Status st = state();
        return st == Status.OK ? nextReply(into, expectedCallId) : st;
    }

    /**
     * Consumes replies: with {@code into} non-null, skips late replies until the one for {@code expectedCallId},
     * which it copies into {@code into}; with {@code into} null, consumes one late reply (every outstanding call is
     * abandoned and {@code expectedCallId} is the newest).
     */
    private Status nextReply(Message into, int expectedCallId) {
        while (true) {
            long head = repHead;
            if (head == cachedRepTail) {
                long tail = Shm.getLongAcquire(seg, ChannelLayout.REP_TAIL_OFFSET);
                if (tail < cachedRepTail || tail - head > repSlots) return violation();
                cachedRepTail = tail;
                if (tail == head) return Status.WOULD_BLOCK;
            }
            long slot = geometry.replySlot(head);
            int length = Shm.getInt(seg, slot + ChannelLayout.SLOT_LENGTH);
            int kind = Shm.getInt(seg, slot + ChannelLayout.SLOT_KIND);
            int age = expectedCallId - Shm.getInt(seg, slot + ChannelLayout.SLOT_CALL_ID); // 0: expected; >0: abandoned
            if (length < 0 || length > maxPayload || kind != ChannelLayout.KIND_REPLY
                || age < 0 || age >= callsSent - head) {
                return violation();
            }
            if (into == null || age > 0) {
                consumeReply(head + 1);
                if (into == null) return Status.OK;
                continue;
            }
            int label = Shm.getInt(seg, slot + ChannelLayout.SLOT_LABEL);
            MemorySegment.copy(seg, slot + ChannelLayout.SLOT_HEADER, into.buffer(), 0, length);
            into.setLabel(label).setLength(length).setBadge(0).setStatus(Status.OK);
            into.replyToken().clear();
            consumeReply(head + 1);
            return Status.OK;
        }
    }

    /** Publishes the new reply head. The server never waits for reply space, so there is no one to wake. */
    private void consumeReply(long newHead) {
        repHead = newHead;
        Shm.setLongRelease(seg, ChannelLayout.REP_HEAD_OFFSET, newHead);
    }

    /** Consumes late replies until the reply ring has room for one more call's reply; WOULD_BLOCK if not yet. */
    private Status makeReplyRoom() {
        while (callsSent - repHead >= repSlots) {
            Status st = nextReply(null, lastCallId);
            if (st != Status.OK) return st;
        }
        return Status.OK;
    }

    /**
     * Sends {@code request} and waits for its reply in {@code reply} (which may be the same message).
     * {@code reply.status()} is set to the result. On TIMED_OUT or INTERRUPTED the call is abandoned: the server
     * may still act on it, and its late reply is skipped.
     *
     * @param timeoutNanos for the whole call; &lt; 0 waits forever
     * @return OK; TIMED_OUT; INTERRUPTED; MESSAGE_TOO_LARGE; the closing status; PROTOCOL_ERROR
     */
    public Status call(Message request, Message reply, long timeoutNanos, WaitStrategy wait) {
        long start = System.nanoTime();
        int callId = nextCallId();
        Status st = Status.OK;
        if (callsSent - repHead >= repSlots) st = await(replySite, null, 0, 0, remaining(start, timeoutNanos), wait);
        if (st == Status.OK) {
            st = await(spaceSite, request, ChannelLayout.KIND_CALL, callId, remaining(start, timeoutNanos), wait);
        }
        if (st == Status.OK) st = await(replySite, reply, 0, callId, remaining(start, timeoutNanos), wait);
        if (st == Status.WOULD_BLOCK) st = Status.TIMED_OUT;
        reply.setStatus(st);
        return st;
    }

    /**
     * Sends a one-way message, waiting for ring space.
     *
     * @param timeoutNanos &lt; 0 waits forever; 0 never waits
     * @return OK; WOULD_BLOCK (timeout 0 and ring full); TIMED_OUT; INTERRUPTED; MESSAGE_TOO_LARGE; the closing
     *         status; PROTOCOL_ERROR
     */
    public Status send(Message m, long timeoutNanos, WaitStrategy wait) {
        return await(spaceSite, m, ChannelLayout.KIND_SEND, 0, timeoutNanos, wait);
    }

    private Status await(WaitSite site, Message m, int kind, int callId, long timeoutNanos, WaitStrategy wait) {
        pending = m;
        pendingKind = kind;
        pendingCallId = callId;
        try {
            return wait.await(site, timeoutNanos);
        } finally {
            pending = null;
        }
    }

    private static long remaining(long start, long timeoutNanos) {
        return timeoutNanos < 0 ? -1 : Math.max(0, timeoutNanos - (System.nanoTime() - start));
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
     * Closes the channel with {@code reason} if still open (the first closer's reason sticks), wakes every waiter
     * on it and rings the doorbell so a sleeping server notices at once. Safe from any thread.
     *
     * @return true if this call closed it
     */
    public boolean close(Status reason, int by) {
        boolean closed = latch.close(reason, by);
        Doorbell.ring(doorbell);
        return closed;
    }

    /**
     * Requests published on this channel so far (calls and one-way messages): the request ring's tail. The request
     * published last has index {@code requestsSent() - 1}.
     */
    public long requestsSent() { return reqTail; }

    /**
     * The request ring's head as the server last published it (acquire): how many requests the server has taken.
     * Written by the peer, so not trusted: a caller must treat a head beyond {@link #requestsSent()} as a lie.
     */
    public long requestHead() { return Shm.getLongAcquire(seg, ChannelLayout.REQ_HEAD_OFFSET); }

    /** The geometry read at open. */
    public ChannelGeometry geometry() { return geometry; }

    /** The channel segment this view works on. */
    public MemorySegment segment() { return seg; }

    private Status violation() {
        latch.close(Status.PROTOCOL_ERROR, ChannelLayout.BY_CLIENT);
        return Status.PROTOCOL_ERROR;
    }

    /** Before sleeping: a changed header is a protocol error (noticed here, on the slow path only). */
    private void verifyHeader() {
        if (!geometry.matches(seg)) violation();
    }

    @Override
    public String toString() {
        return "ClientRings[" + geometry + "]";
    }

    /** Waiting for request-ring space: sleeps on the request head, flagged by spaceWaiter. */
    private final class SpaceSite implements WaitSite {
        @Override public Status attempt() { return trySend(pendingKind, pending, pendingCallId); }

        @Override public int arm() {
            int seen = Shm.getIntVolatile(seg, ChannelLayout.REQ_HEAD_OFFSET);
            Shm.setIntRelease(seg, ChannelLayout.SPACE_WAITER_OFFSET, 1);
            verifyHeader();
            return seen;
        }

        @Override public void disarm() { Shm.setIntRelease(seg, ChannelLayout.SPACE_WAITER_OFFSET, 0); }

        @Override public MemorySegment futexSegment() { return seg; }

        @Override public long futexOffset() { return ChannelLayout.REQ_HEAD_OFFSET; }
    }

    /**
     * Waiting for a reply (or, with no pending message, for late replies that make room): sleeps on the reply
     * tail, flagged by replyWaiter.
     */
    private final class ReplySite implements WaitSite {
        @Override public Status attempt() {
            Status st = state();
            if (st != Status.OK) return st;
            return pending == null ? makeReplyRoom() : nextReply(pending, pendingCallId);
        }

        @Override public int arm() {
            int seen = Shm.getIntVolatile(seg, ChannelLayout.REP_TAIL_OFFSET);
            Shm.setIntRelease(seg, ChannelLayout.REPLY_WAITER_OFFSET, 1);
            verifyHeader();
            return seen;
        }

        @Override public void disarm() { Shm.setIntRelease(seg, ChannelLayout.REPLY_WAITER_OFFSET, 0); }

        @Override public MemorySegment futexSegment() { return seg; }

        @Override public long futexOffset() { return ChannelLayout.REP_TAIL_OFFSET; }
    }
}
