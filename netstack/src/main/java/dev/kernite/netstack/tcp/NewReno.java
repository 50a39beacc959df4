package dev.kernite.netstack.tcp;

/**
 * Congestion control: slow start and congestion avoidance (RFC 5681) with NewReno fast retransmit and fast
 * recovery (RFC 6582). Windows are in bytes. The connection reports ACK events; the controller says when to
 * retransmit the first unacknowledged segment and how large the congestion window is.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class NewReno {
    /** Duplicate ACKs that signal a loss (RFC 5681 §3.2). */
    public static final int DUP_THRESHOLD = 3;
    private static final int MAX_WINDOW = 1 << 30;
    private final int mss;
    private int cwnd;
    private int ssthresh = MAX_WINDOW;
    private int dupAcks;
    private boolean inRecovery;
    private int recover;

    /** {@code iss} seeds "recover" (RFC 6582 §3.2 step 1 compares ACKs against it). */
    public NewReno(int mss, int iss) {
        this.mss = mss;
        this.cwnd = initialWindow(mss);
        this.recover = iss;
    }

    /** RFC 5681 §3.1: IW = 2..4 segments depending on the MSS. */
    static int initialWindow(int mss) {
        if (mss > 2190) return 2 * mss;
        if (mss > 1095) return 3 * mss;
        return 4 * mss;
    }

    /**
     * An ACK that advanced SND.UNA by {@code acked} bytes to {@code ack}; {@code flightAfter} bytes remain in flight.
     * Returns true on a NewReno partial ACK: the caller retransmits the first unacknowledged segment.
     */
    public boolean onNewAck(int acked, int ack, int flightAfter) {
        dupAcks = 0;
        if (inRecovery) {
            if (Seq.ge(ack, recover)) {          // full acknowledgment: leave fast recovery (RFC 6582 §3.2 step 3)
                inRecovery = false;
                cwnd = Math.min(ssthresh, Math.max(flightAfter, mss) + mss);
                return false;
            }
            cwnd = Math.max(mss, cwnd - acked + (acked >= mss ? mss : 0));   // partial: deflate, step 4
            return true;
        }
        if (cwnd < ssthresh) cwnd += Math.min(acked, mss);                  // slow start
        else cwnd += Math.max(1, (int) ((long) mss * mss / cwnd));          // congestion avoidance
        cwnd = Math.min(cwnd, MAX_WINDOW);
        return false;
    }

    /**
     * A duplicate ACK of {@code ack} with {@code flight} bytes outstanding up to {@code sndMax}. Returns true when
     * this is the third: the caller fast-retransmits the first unacknowledged segment.
     */
    public boolean onDuplicateAck(int ack, int flight, int sndMax) {
        dupAcks++;
        if (inRecovery) {
            cwnd = Math.min(cwnd + mss, MAX_WINDOW);    // inflate: one segment left the network
            return false;
        }
        if (dupAcks != DUP_THRESHOLD || !Seq.gt(ack, recover)) return false;
        ssthresh = Math.max(flight / 2, 2 * mss);
        cwnd = ssthresh + DUP_THRESHOLD * mss;
        recover = sndMax;
        inRecovery = true;
        return true;
    }

    /** The retransmission timer expired with {@code flight} bytes outstanding (RFC 5681 §3.1 eq. 4). */
    public void onTimeout(int flight, int sndMax) {
        ssthresh = Math.max(flight / 2, 2 * mss);
        cwnd = mss;
        dupAcks = 0;
        inRecovery = false;
        recover = sndMax;
    }

    public int cwnd() { return cwnd; }

    public int ssthresh() { return ssthresh; }

    public boolean inRecovery() { return inRecovery; }

    public int duplicateAcks() { return dupAcks; }
}
