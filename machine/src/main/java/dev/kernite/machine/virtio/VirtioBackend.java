package dev.kernite.machine.virtio;

import java.lang.foreign.MemorySegment;

/**
 * What makes a {@link VirtioDevice} a particular device: its identity, offers, configuration and the work a
 * request asks for. The transport (status handshake, queue, doorbell, interrupts) is the same for all.
 *
 * <p>Thread safety: {@link #writeConfig} and {@link #handle} are called on the device thread only.
 */
public interface VirtioBackend {
    /** The virtio device class ({@code DeviceRegistersLayout.DEVICE_ID_*}). */
    int deviceId();

    /** The feature bits offered; must include {@code F_VERSION_1}. */
    long features();

    QueueLimits limits();

    /** Writes the device-specific configuration area of {@code registers} (at attach and after every reset). */
    void writeConfig(MemorySegment registers);

    /**
     * Carries out one request and writes its status; returns the number of bytes written into the chain's
     * device-writable buffers (the used length). Must not throw for anything the driver did, including memory
     * that vanishes under it; an exception here is a bug in the backend.
     */
    int handle(Chain request);
}
