package dev.kernite.runtime;

import dev.kernite.abi.Status;
import dev.kernite.sys.Mapping;
import java.lang.foreign.MemorySegment;

/**
 * An opened device, as its driver sees it: the register region, the interrupt notification, and the device's
 * IOMMU — the device reaches only the dataspaces the driver {@link #dmaMap maps} for it, at I/O addresses the
 * driver chooses. The register layout is the device class's ({@code dev.kernite.abi.device}).
 *
 * <p>Thread safety: thread-safe.
 */
public final class Device implements AutoCloseable {
    private final Env env;
    private final int handle;
    private final int deviceId;
    private final Mapping registers;
    private final Notification interrupt;

    Device(Env env, int handle, int deviceId, Mapping registers, Notification interrupt) {
        this.env = env;
        this.handle = handle;
        this.deviceId = deviceId;
        this.registers = registers;
        this.interrupt = interrupt;
    }

    /** The device capability's handle. */
    public int handle() { return handle; }

    /** The device class (virtio device id: 2 block, 1 network). */
    public int deviceId() { return deviceId; }

    /** The register region, shared with the device model. */
    public MemorySegment registers() { return registers.segment(); }

    /** The interrupt line: the device signals it when it has completed work. */
    public Notification interrupt() { return interrupt; }

    /** Lets the device reach all of {@code ds} at {@code iova} (page-aligned), read-only unless {@code writable}. */
    public Status dmaMap(Dataspace ds, long iova, boolean writable) {
        return env.dmaMap(handle, ds.handle(), iova, writable);
    }

    /**
     * As {@link #dmaMap(Dataspace, long, boolean)} for a dataspace capability this process holds but need not map
     * itself (a client's buffer that only the device touches: zero copies, and the driver never sees the data).
     */
    public Status dmaMap(int dataspaceHandle, long iova, boolean writable) {
        return env.dmaMap(handle, dataspaceHandle, iova, writable);
    }

    /** Removes the mapping at {@code iova}. */
    public Status dmaUnmap(long iova) {
        return env.dmaUnmap(handle, iova);
    }

    /** Unmaps the registers and drops the interrupt capability; the device capability itself stays. */
    @Override
    public void close() {
        interrupt.close();
        registers.close();
    }
}
