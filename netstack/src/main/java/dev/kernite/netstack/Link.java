package dev.kernite.netstack;

/**
 * Where the engine puts frames for the wire: the NIC driver's transmit queue, a TAP device, or a test wire.
 * The engine hands over a whole Ethernet frame (no FCS) and never touches the array again.
 *
 * <p>Thread safety: called only from the engine's owner thread.
 */
@FunctionalInterface
public interface Link {
    /** Takes ownership of {@code frame}. Must not block and must not call back into the engine. */
    void send(byte[] frame);
}
