package dev.kernite.machine.virtio;

import java.lang.foreign.MemorySegment;

/**
 * What makes a {@link VirtioDevice} a particular device: its identity, offers, configuration and the work its
 * queues carry. The transport (status handshake, queues, doorbell, interrupts) is the same for all.
 *
 * <p>A request/response device (block) has one queue and implements {@link #handle}: the transport takes each
 * chain and completes it with what {@code handle} returns. A device with work of its own (network: frames that
 * arrive from the wire) overrides {@link #serve} and {@link #hasWork} and wakes the device thread with
 * {@link VirtioDevice#kick()} when work arrives from elsewhere.
 *
 * <p>Thread safety: every method but the identity getters is called on the device thread only.
 */
public interface VirtioBackend {
    /** Chains the default {@link #serve} handles per round (so the status word is looked at promptly). */
    int BATCH = 32;

    /** The virtio device class ({@code DeviceRegistersLayout.DEVICE_ID_*}). */
    int deviceId();

    /** The feature bits offered; must include {@code F_VERSION_1}. */
    long features();

    QueueLimits limits();

    /** How many queues the device has (at most {@code DeviceRegistersLayout.MAX_QUEUES}). */
    default int queueCount() { return 1; }

    /** Writes the device-specific configuration area of {@code registers} (at attach and after every reset). */
    void writeConfig(MemorySegment registers);

    /**
     * Carries out one request and writes its status; returns the number of bytes written into the chain's
     * device-writable buffers (the used length). Must not throw for anything the driver did, including memory
     * that vanishes under it; an exception here is a bug in the backend.
     */
    default int handle(Chain request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " serves its queues itself");
    }

    /**
     * One round of work while the driver has the device running; {@code queues[q]} is null for a queue the driver
     * did not make ready. Returns whether anything was done. The default hands up to {@link #BATCH} chains of
     * queue 0 to {@link #handle}.
     */
    default boolean serve(DeviceQueue[] queues) {
        DeviceQueue q = queues[0];
        if (q == null) return false;
        int done = 0;
        Chain c;
        while (done < BATCH && (c = q.next()) != null) {
            q.complete(c.head(), handle(c));
            done++;
        }
        return done > 0;
    }

    /** Whether {@link #serve} has something to do (checked before the device thread sleeps). */
    default boolean hasWork(DeviceQueue[] queues) {
        return queues[0] != null && queues[0].hasAvailable();
    }

    /** The driver set DRIVER_OK and the queues are in use. */
    default void started() { }

    /** The queues were taken out of use (reset, DEVICE_NEEDS_RESET, FAILED). */
    default void stopped() { }
}
