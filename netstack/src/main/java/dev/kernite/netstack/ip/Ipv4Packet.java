package dev.kernite.netstack.ip;

/**
 * A received IPv4 datagram after header checks (and reassembly): addresses, protocol, and where its payload lies.
 * The array is the received frame (or the reassembly buffer); the receiver must copy what it keeps.
 *
 * <p>Thread safety: immutable reference; the array is owned by the engine's thread.
 */
public record Ipv4Packet(int src, int dst, int protocol, byte[] data, int offset, int length) {}
