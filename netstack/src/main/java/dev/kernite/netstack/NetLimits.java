package dev.kernite.netstack;

/**
 * Every bound and timer of the engine in one place; {@link #defaults()} documents the values the server uses.
 * All memory the engine holds is bounded by these numbers (see docs/architecture.md, "Network stack").
 *
 * @param arpCacheEntries      resolved and pending neighbours together; the oldest is evicted when full
 * @param arpTimeoutMillis     a resolved entry is forgotten after this long (Linux: ~30-60 s)
 * @param arpRetryMillis       interval between ARP requests for a pending neighbour
 * @param arpRetries           requests sent before the pending packets are dropped
 * @param arpPendingPackets    packets held per unresolved neighbour (older ones dropped)
 * @param reassemblies         IP datagrams being reassembled at once (each up to 64 KiB)
 * @param reassemblyMillis     a datagram not complete within this is dropped (RFC 791 suggests 15 s, Linux 30 s)
 * @param sockets              TCP and UDP sockets the server may hold open together (listeners and connections)
 * @param udpQueueDatagrams    datagrams queued on a UDP socket before newer ones are dropped
 * @param tcpConnections       TCP control blocks, including SYN-RECEIVED and TIME-WAIT ones
 * @param tcpBufferBytes       send and receive buffer per connection (the receive window's upper bound); 4 MiB by
 *                             default, so a window is not what limits a fast link (the buffers grow only as used)
 * @param tcpOutOfOrderSegments out-of-order segments held per connection: by default a whole window of 1,460-byte
 *                             segments, so one loss does not make the sender resend everything after it
 * @param maxBacklog           the largest listen backlog (half- plus fully-open connections per listener)
 * @param minRtoMillis         RFC 6298 says 1 s; we use Linux's 200 ms: the stack serves a LAN/TAP link where
 *                             1 s would make every loss a visible stall, and RFC 6298 allows a smaller bound
 * @param initialRtoMillis     RTO before the first RTT sample (RFC 6298: 1 s)
 * @param maxRtoMillis         upper bound of the backed-off RTO (RFC 6298: at least 60 s)
 * @param synRetries           SYN retransmissions before connect fails with ETIMEDOUT
 * @param dataRetries          consecutive data retransmissions before the connection fails with ETIMEDOUT
 * @param mslMillis            maximum segment lifetime; TIME-WAIT lasts 2·MSL (RFC 9293: MSL = 2 min; we use 30 s)
 * @param tcpMemoryBytes       what all connections' buffers may hold together (Linux's tcp_mem): 32 MiB by default,
 *                             half the netstack server's heap, so any number of full buffers fits in it
 *
 * <p>Thread safety: immutable.
 */
public record NetLimits(int arpCacheEntries, long arpTimeoutMillis, long arpRetryMillis, int arpRetries,
                        int arpPendingPackets, int reassemblies, long reassemblyMillis, int sockets,
                        int udpQueueDatagrams, int tcpConnections, int tcpBufferBytes, int tcpOutOfOrderSegments,
                        int maxBacklog, long minRtoMillis, long initialRtoMillis, long maxRtoMillis, int synRetries,
                        int dataRetries, long mslMillis, long tcpMemoryBytes) {

    public NetLimits {
        if (tcpBufferBytes < 4096 || tcpBufferBytes > (1 << 24)) throw new IllegalArgumentException("tcpBufferBytes");
        if (tcpMemoryBytes < 2L * tcpBufferBytes) throw new IllegalArgumentException("tcpMemoryBytes below one connection's two buffers");
        if (minRtoMillis <= 0 || initialRtoMillis < minRtoMillis || maxRtoMillis < initialRtoMillis)
            throw new IllegalArgumentException("RTO bounds");
    }

    public static NetLimits defaults() {
        return new NetLimits(64, 60_000, 1_000, 3, 8, 8, 30_000, 1024, 64, 512, 4 << 20, 4096, 128,
            200, 1_000, 60_000, 5, 12, 30_000, 32 << 20);
    }

    public NetLimits withMsl(long millis) {
        return new NetLimits(arpCacheEntries, arpTimeoutMillis, arpRetryMillis, arpRetries, arpPendingPackets,
            reassemblies, reassemblyMillis, sockets, udpQueueDatagrams, tcpConnections, tcpBufferBytes,
            tcpOutOfOrderSegments, maxBacklog, minRtoMillis, initialRtoMillis, maxRtoMillis, synRetries, dataRetries, millis, tcpMemoryBytes);
    }

    public NetLimits withTcpBuffer(int bytes) {
        return new NetLimits(arpCacheEntries, arpTimeoutMillis, arpRetryMillis, arpRetries, arpPendingPackets,
            reassemblies, reassemblyMillis, sockets, udpQueueDatagrams, tcpConnections, bytes,
            tcpOutOfOrderSegments, maxBacklog, minRtoMillis, initialRtoMillis, maxRtoMillis, synRetries, dataRetries, mslMillis,
            Math.max(tcpMemoryBytes, 2L * bytes));
    }

    public NetLimits withTcpMemory(long bytes) {
        return new NetLimits(arpCacheEntries, arpTimeoutMillis, arpRetryMillis, arpRetries, arpPendingPackets,
            reassemblies, reassemblyMillis, sockets, udpQueueDatagrams, tcpConnections, tcpBufferBytes,
            tcpOutOfOrderSegments, maxBacklog, minRtoMillis, initialRtoMillis, maxRtoMillis, synRetries, dataRetries, mslMillis, bytes);
    }
}
