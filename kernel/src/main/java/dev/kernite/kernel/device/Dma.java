package dev.kernite.kernel.device;

import java.lang.foreign.MemorySegment;

/**
 * A device's view of memory: I/O virtual addresses that the driver mapped for this device through the kernel
 * (our IOMMU). A device model reaches memory only through here, so it can only ever touch dataspaces its
 * driver granted to it.
 *
 * <p>Thread safety: thread-safe. A range returned by {@link #window} stays mapped in the kernel until the
 * dataspace behind it is destroyed; if that happens while a model still uses it, accesses throw
 * {@link IllegalStateException} and the model must treat that like a fault.
 */
public interface Dma {
    /**
     * The range {@code [iova, iova + length)} as memory, or {@code null} when any byte of it is not mapped for
     * this device with the access asked for (an IOMMU fault, which the kernel counts). The range must lie
     * within one mapping; a request spanning two mappings faults, as with a real IOMMU page walk at a hole.
     *
     * @param write whether the device will write the range (device-writable mappings only)
     */
    MemorySegment window(long iova, long length, boolean write);
}
