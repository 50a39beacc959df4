package dev.kernite.netstack.udp;

/**
 * A received UDP datagram: who sent it and its bytes (a copy owned by the receiver).
 *
 * <p>Thread safety: immutable reference; do not modify the array after handing it on.
 */
public record Datagram(int srcAddress, int srcPort, int dstAddress, byte[] data) {}
