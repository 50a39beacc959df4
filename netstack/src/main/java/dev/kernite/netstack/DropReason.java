package dev.kernite.netstack;

/**
 * Why the engine dropped something it received (or could not send). Each has a counter in {@link NetCounters}.
 *
 * <p>Thread safety: immutable.
 */
public enum DropReason {
    /** Shorter than the header it claims to be. */
    TRUNCATED,
    /** A header, ICMP, UDP or TCP checksum did not verify. */
    BAD_CHECKSUM,
    /** A length field disagrees with the bytes there (or is impossible). */
    BAD_LENGTH,
    /** A malformed header: wrong version, hardware type, option layout, flag combination. */
    BAD_HEADER,
    /** Addressed to another host (unicast not ours). */
    NOT_FOR_US,
    /** An EtherType other than IPv4 and ARP. */
    UNKNOWN_ETHERTYPE,
    /** An IP protocol other than ICMP, UDP and TCP, or an ICMP type we do not answer. */
    UNKNOWN_PROTOCOL,
    /** No UDP socket on the port (answered with port unreachable), or no TCP connection (answered with RST). */
    NO_SOCKET,
    /** A socket's queue or buffer was full. */
    QUEUE_FULL,
    /** ARP never resolved the next hop, or its pending queue overflowed. */
    ARP_UNRESOLVED,
    /** No route to the destination (off-link and no gateway). */
    NO_ROUTE,
    /** A fragment with an offset or length that cannot be part of a valid datagram. */
    FRAGMENT_BAD,
    /** A datagram whose fragments did not all arrive in time. */
    FRAGMENT_TIMEOUT,
    /** Too many datagrams in reassembly at once. */
    FRAGMENT_LIMIT,
    /** A TCP segment outside the receive window (answered with an ACK). */
    TCP_OUT_OF_WINDOW,
    /** A TCP segment not acceptable in the connection's state (bad ACK, SYN in a synchronized state, ...). */
    TCP_BAD_SEGMENT,
    /** A SYN to a listener whose backlog is full. */
    TCP_BACKLOG_FULL,
    /** A SYN when the connection table is full. */
    TCP_TABLE_FULL,
    /** An out-of-order segment when the out-of-order queue is full. */
    TCP_OOO_FULL
}
