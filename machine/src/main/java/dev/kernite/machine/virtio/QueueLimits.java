package dev.kernite.machine.virtio;

import dev.kernite.abi.device.VirtqLayout;

/**
 * What a device accepts on its queue; anything beyond is the driver's fault.
 *
 * @param maxSize        the largest queue size (a power of two, at most {@code VirtqLayout.MAX_SIZE})
 * @param maxBuffers     the most descriptors in one chain
 * @param maxBufferBytes the largest single buffer
 */
public record QueueLimits(int maxSize, int maxBuffers, long maxBufferBytes) {
    public QueueLimits {
        if (!VirtqLayout.isValidSize(maxSize) || maxBuffers < 1 || maxBufferBytes < 1) {
            throw new IllegalArgumentException("bad queue limits " + maxSize + "/" + maxBuffers + "/" + maxBufferBytes);
        }
    }
}
