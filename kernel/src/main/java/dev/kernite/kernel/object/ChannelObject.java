package dev.kernite.kernel.object;

import static dev.kernite.abi.ChannelLayout.*;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.sys.Futex;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One client-server connection: a {@link ChannelLayout} segment mapped by the client, the server and the kernel.
 * The kernel writes the header once, then stays off the data path; it touches the segment again only to close
 * the channel (state word, then every futex word woken) and to read message counts for introspection.
 *
 * <p>Thread safety: guarded by the kernel lock.
 */
public final class ChannelObject implements KObject {
    private final int id;
    private final EndpointObject endpoint;
    private final ProcessObject client;
    private final ProcessObject server;
    private final long badge;
    private final SharedMemory memory;
    private final int slotSize;
    private final int reqSlots;
    private final int repSlots;
    private Status closedWith;
    private int holders = 2;

    public ChannelObject(int id, EndpointObject endpoint, ProcessObject client, long badge, SharedMemory memory,
                         int slotSize, int reqSlots, int repSlots) {
        this.id = id;
        this.endpoint = endpoint;
        this.client = client;
        this.server = endpoint.server();
        this.badge = badge;
        this.memory = memory;
        this.slotSize = slotSize;
        this.reqSlots = reqSlots;
        this.repSlots = repSlots;
        MemorySegment s = memory.segment();
        s.set(ValueLayout.JAVA_INT, SLOT_SIZE_OFFSET, slotSize);
        s.set(ValueLayout.JAVA_INT, REQ_SLOTS_OFFSET, reqSlots);
        s.set(ValueLayout.JAVA_INT, REP_SLOTS_OFFSET, repSlots);
        s.set(ValueLayout.JAVA_INT, VERSION_OFFSET, VERSION);
        SharedWords.setIntRelease(s, MAGIC_OFFSET, MAGIC);
    }

    /** Bytes of shared memory a channel of this geometry needs. */
    public static long sizeFor(int slotSize, int reqSlots, int repSlots) {
        return ChannelLayout.segmentSize(slotSize, reqSlots, repSlots);
    }

    @Override public int id() { return id; }
    public EndpointObject endpoint() { return endpoint; }
    public ProcessObject client() { return client; }
    /** The process that served the endpoint when this channel was made (its server end, for its whole life). */
    public ProcessObject server() { return server; }
    public long badge() { return badge; }
    public SharedMemory memory() { return memory; }
    public int slotSize() { return slotSize; }
    public int reqSlots() { return reqSlots; }
    public int repSlots() { return repSlots; }
    public boolean isOpen() { return closedWith == null && sharedState() == Status.OK; }

    /** The state the processes see: OK while open, else why it closed (garbage reads as PROTOCOL_ERROR). */
    public Status sharedState() {
        if (closedWith != null) return closedWith;
        int v = SharedWords.getIntAcquire(memory.segment(), STATE_OFFSET);
        return v == STATE_OPEN ? Status.OK : Status.fromCode(v);
    }

    /** The other end from {@code p}'s point of view. */
    public ProcessObject peerOf(ProcessObject p) {
        return p == client ? server : client;
    }

    /**
     * Closes the channel for both sides: publishes the reason in the state word (unless a side already closed
     * it), then wakes every waiter so that a blocked call returns at once. Returns false if already closed here.
     */
    public boolean close(Status reason) {
        if (closedWith != null) return false;
        MemorySegment s = memory.segment();
        if (SharedWords.compareAndSetInt(s, STATE_OFFSET, STATE_OPEN, reason.code())) {
            SharedWords.setIntRelease(s, CLOSED_BY_OFFSET, BY_KERNEL);
        }
        closedWith = sharedState() == Status.OK ? reason : Status.fromCode(SharedWords.getIntAcquire(s, STATE_OFFSET));
        for (long word : new long[] {REQ_TAIL_OFFSET, REQ_HEAD_OFFSET, REP_TAIL_OFFSET, REP_HEAD_OFFSET}) {
            Futex.wake(s, word, Integer.MAX_VALUE);
        }
        endpoint.channels().remove(this);
        endpoint.ring();
        return true;
    }

    /** Requests ever published (the request ring's tail, as the client wrote it). */
    public long requests() { return SharedWords.getLongAcquire(memory.segment(), REQ_TAIL_OFFSET); }

    /** Replies ever published (the reply ring's tail, as the server wrote it). */
    public long replies() { return SharedWords.getLongAcquire(memory.segment(), REP_TAIL_OFFSET); }

    /** Drops one end's handle; frees the memory when both are gone. Returns true when freed. */
    public boolean release() {
        if (--holders > 0) return false;
        memory.close();
        return true;
    }

    public boolean isFreed() { return holders <= 0; }
}
