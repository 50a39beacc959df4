package dev.kernite.runtime.ring;

import dev.kernite.abi.Status;
import java.lang.foreign.MemorySegment;

/**
 * One side's view of whether its channel is closed. The shared state word says so first, but the peer can write
 * that word too — even back to "open" after a close. So the first closed state this side sees, or the close it
 * makes itself, is latched here and is final for this side whatever the shared word says afterwards.
 *
 * <p>Thread safety: thread-safe (volatile fields; the first latch wins, a racing second one is harmless since
 * both saw a closed channel).
 */
final class ClosedLatch {
    private final MemorySegment seg;
    private volatile Status status;
    private volatile int by;

    ClosedLatch(MemorySegment seg) {
        this.seg = seg;
    }

    /** OK while open, else why it closed, as first seen here. */
    Status state() {
        Status s = status;
        if (s != null) return s;
        s = ChannelState.read(seg);
        if (s != Status.OK) latch(s, ChannelState.closedBy(seg));
        return s;
    }

    /** Who closed it, as first seen here; 0 while open. */
    int closedBy() {
        return status != null ? by : ChannelState.closedBy(seg);
    }

    /** Closes the shared word if still open; latches this side's view either way. True if this call closed it. */
    boolean close(Status reason, int closer) {
        boolean won = ChannelState.close(seg, reason, closer);
        if (won) latch(reason, closer); else state();
        if (status == null) latch(reason, closer); // the peer reopened the word meanwhile: our close still stands
        return won;
    }

    private void latch(Status s, int closer) {
        if (status != null) return;
        by = closer;
        status = s;
    }
}
