package dev.kernite.machine.net;

import dev.kernite.machine.virtio.VirtioDevice;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network device's counters: bumped by the device thread and the backend's receive thread, read by anyone.
 *
 * <p>Thread safety: thread-safe (each counter is atomic; a snapshot is not one instant).
 */
final class NetCounters {
    final AtomicLong rxFrames = new AtomicLong(), rxBytes = new AtomicLong(), txFrames = new AtomicLong(), txBytes = new AtomicLong();
    final AtomicLong rxNoBuffer = new AtomicLong(), rxDown = new AtomicLong(), rxBadChain = new AtomicLong(), rxOversize = new AtomicLong();
    final AtomicLong txBadChain = new AtomicLong(), txBackendDrops = new AtomicLong();

    NetStats snapshot(VirtioDevice.Stats transport) {
        return new NetStats(rxFrames.get(), rxBytes.get(), txFrames.get(), txBytes.get(), rxNoBuffer.get(), rxDown.get(),
            rxBadChain.get(), rxOversize.get(), txBadChain.get(), txBackendDrops.get(), transport);
    }
}
