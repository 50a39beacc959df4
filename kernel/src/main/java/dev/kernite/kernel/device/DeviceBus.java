package dev.kernite.kernel.device;

import java.lang.foreign.MemorySegment;

/**
 * What the kernel gives a device model: its register region, its interrupt line and its memory window through
 * the IOMMU. This is the whole of the kernel's knowledge of a device — everything behind it (what the
 * registers mean, what a queue is) belongs to the model in the machine module.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public interface DeviceBus {
    /**
     * The register region, shared read-write with the device's driver (who maps the same memory). Its layout
     * is the device's business ({@code dev.kernite.abi.device}); the driver is untrusted, so the model must
     * validate every value it reads here before using it.
     */
    MemorySegment registers();

    /**
     * Raises the interrupt line: sets {@code bits} in the driver's interrupt notification and wakes the driver.
     * Never blocks; interrupts raised while no driver holds the device are dropped.
     */
    void interrupt(int bits);

    /** Device memory access through the IOMMU. */
    Dma dma();
}
