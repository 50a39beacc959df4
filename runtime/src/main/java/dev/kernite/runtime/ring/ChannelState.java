package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.sys.Futex;

import java.lang.foreign.MemorySegment;

/**
 * The open/closed state word of a channel, shared by both sides and the kernel. A channel is open while the word
 * is {@link ChannelLayout#STATE_OPEN}; closing is one compare-and-set from open to the reason's code (the first
 * closer wins and its reason sticks), then a wake-up of every futex word of the channel so that no side stays
 * asleep on it.
 *
 * <p>Thread safety: stateless; every operation is atomic on the shared word.
 */
public final class ChannelState {
    private ChannelState() {}

    /**
     * Decodes a state word: {@link Status#OK} for open, else the status it was closed with. A word that is no
     * closing status — an unknown code, or a transient result such as WOULD_BLOCK that would make a waiter wait
     * on — decodes to {@link Status#PROTOCOL_ERROR}.
     */
    public static Status decode(int word) {
        if (word == ChannelLayout.STATE_OPEN) return Status.OK;
        Status s = Status.fromCode(word);
        return isClosingReason(s) ? s : Status.PROTOCOL_ERROR;
    }

    /** True for a status a channel may be closed with: any error except the transient ones. */
    public static boolean isClosingReason(Status s) {
        return switch (s) {
            case OK, WOULD_BLOCK, TIMED_OUT, INTERRUPTED -> false;
            default -> true;
        };
    }

    /** The channel's state: {@link Status#OK} while open, else why it closed. */
    public static Status read(MemorySegment channel) {
        return decode(Shm.getIntAcquire(channel, ChannelLayout.STATE_OFFSET));
    }

    /** Who closed the channel ({@link ChannelLayout#BY_CLIENT} …), or 0 while open (or just being closed). */
    public static int closedBy(MemorySegment channel) {
        return Shm.getIntAcquire(channel, ChannelLayout.CLOSED_BY_OFFSET);
    }

    /**
     * Closes the channel with {@code reason} if it is still open, then wakes every waiter on it.
     *
     * @param reason a closing reason ({@link #isClosingReason}), e.g. PEER_DIED, CHANNEL_CLOSED, PROTOCOL_ERROR
     * @param by     {@link ChannelLayout#BY_CLIENT}, {@link ChannelLayout#BY_SERVER} or {@link ChannelLayout#BY_KERNEL}
     * @return true if this call closed it, false if it was already closed
     */
    public static boolean close(MemorySegment channel, Status reason, int by) {
        if (!isClosingReason(reason)) throw new IllegalArgumentException("not a closing reason: " + reason);
        if (by < ChannelLayout.BY_CLIENT || by > ChannelLayout.BY_KERNEL) {
            throw new IllegalArgumentException("bad closer " + by);
        }
        boolean won = Shm.compareAndSetInt(channel, ChannelLayout.STATE_OFFSET, ChannelLayout.STATE_OPEN, reason.code());
        if (won) Shm.setIntRelease(channel, ChannelLayout.CLOSED_BY_OFFSET, by);
        wakeAll(channel);
        return won;
    }

    /** Wakes every waiter on every futex word of the channel (the four counts). */
    public static void wakeAll(MemorySegment channel) {
        Futex.wake(channel, ChannelLayout.REQ_TAIL_OFFSET, Integer.MAX_VALUE);
        Futex.wake(channel, ChannelLayout.REQ_HEAD_OFFSET, Integer.MAX_VALUE);
        Futex.wake(channel, ChannelLayout.REP_TAIL_OFFSET, Integer.MAX_VALUE);
        Futex.wake(channel, ChannelLayout.REP_HEAD_OFFSET, Integer.MAX_VALUE);
    }
}
