package dev.kernite.netstack;

/**
 * Event counters of the engine, for {@code netstat} and {@code ifconfig}. Drops are counted by {@link DropReason}.
 *
 * <p>Thread safety: immutable.
 */
public enum Counter {
    FRAMES_IN, FRAMES_OUT, BYTES_IN, BYTES_OUT,
    ARP_IN, ARP_OUT, IP_IN, IP_OUT, FRAGMENTS_IN, DATAGRAMS_REASSEMBLED,
    ICMP_IN, ICMP_OUT, UDP_IN, UDP_OUT,
    TCP_IN, TCP_OUT, TCP_ACTIVE_OPENS, TCP_PASSIVE_OPENS, TCP_RESETS_OUT, TCP_RESETS_IN,
    /** Segments sent again after the retransmission timer fired. */
    TCP_RETRANSMITS,
    /** Segments sent again on three duplicate ACKs or a NewReno partial ACK. */
    TCP_FAST_RETRANSMITS,
    /** Retransmission timer expiries. */
    TCP_TIMEOUTS,
    /** Zero-window probes sent. */
    TCP_WINDOW_PROBES,
    /** Out-of-order segments queued. */
    TCP_OOO_QUEUED
}
