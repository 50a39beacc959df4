package dev.kernite.netstack.tcp;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from round-trip samples (taken only from segments sent
 * once — Karn's algorithm is the caller's part), RTO = SRTT + max(G, 4·RTTVAR) clamped to [min, max], doubled on
 * each expiry (backoff) until the next valid sample.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class RtoEstimator {
    private static final double CLOCK_GRANULARITY_MS = 1;
    private final long minRto;
    private final long maxRto;
    private double srtt = -1;
    private double rttvar;
    private long rto;

    public RtoEstimator(long initialRto, long minRto, long maxRto) {
        this.minRto = minRto;
        this.maxRto = maxRto;
        this.rto = initialRto;
    }

    /** A round-trip measurement in milliseconds. */
    public void sample(long rttMillis) {
        double r = Math.max(0, rttMillis);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
            srtt = 0.875 * srtt + 0.125 * r;
        }
        rto = clamp(Math.round(Math.ceil(srtt + Math.max(CLOCK_GRANULARITY_MS, 4 * rttvar))));
    }

    /** The timer expired: back off (RFC 6298 §5.5). */
    public void backoff() { rto = clamp(rto * 2); }

    public long rto() { return rto; }

    /** The smoothed RTT in ms, or -1 before the first sample. */
    public double srtt() { return srtt; }

    public double rttvar() { return rttvar; }

    private long clamp(long v) { return Math.max(minRto, Math.min(maxRto, v)); }
}
