package dev.kernite.machine.net;

import dev.kernite.machine.virtio.VirtioDevice;

/**
 * What a network device has done since it was attached.
 *
 * @param rxFrames       frames put into the driver's receive buffers
 * @param rxBytes        their bytes (without the virtio header)
 * @param txFrames       frames taken from the driver and handed to the backend
 * @param txBytes        their bytes
 * @param rxNoBuffer     frames dropped because the receive FIFO was full: the driver posted no buffers in time
 * @param rxDown         frames dropped because no driver had the device running
 * @param rxBadChain     frames dropped with a receive chain that was malformed, refused by the IOMMU or too small
 * @param rxOversize     frames dropped because they were larger than the MTU allows
 * @param txBadChain     transmit chains refused: malformed, refused by the IOMMU, a frame too short or too long
 * @param txBackendDrops frames the backend could not take (the host's queue was full, nobody on the wire)
 * @param transport      resets, queue faults and internal errors
 */
public record NetStats(long rxFrames, long rxBytes, long txFrames, long txBytes, long rxNoBuffer, long rxDown, long rxBadChain,
                       long rxOversize, long txBadChain, long txBackendDrops, VirtioDevice.Stats transport) {}
