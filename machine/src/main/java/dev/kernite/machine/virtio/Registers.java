package dev.kernite.machine.virtio;

import static dev.kernite.abi.device.DeviceRegistersLayout.*;

import dev.kernite.sys.Futex;
import java.lang.foreign.MemorySegment;

/**
 * The device's side of its register page ({@link dev.kernite.abi.device.DeviceRegistersLayout}). The driver
 * maps the same page read-write, so every word read here may hold anything at any moment: the device reads each
 * driver word once, at the point the protocol says it is meaningful, and checks it before use. The device never
 * reads back what it published itself; it keeps its own copies.
 *
 * <p>Thread safety: used by the device thread only, except {@link #wakeDevice()} (any thread).
 */
final class Registers {
    private final MemorySegment page;

    Registers(MemorySegment page) {
        if (!page.isNative() || page.byteSize() < SIZE || page.address() % LINE != 0) {
            throw new IllegalArgumentException("register region must be native, line-aligned and at least " + SIZE + " bytes");
        }
        this.page = page.asSlice(0, SIZE);
    }

    /** The whole page, for a backend writing its configuration area. */
    MemorySegment page() { return page; }

    /**
     * Writes identity and offers; the magic goes last so a driver that sees it sees the rest. The configuration
     * never changes while a device lives, so its generation is always 0.
     */
    void publishIdentity(int deviceId, long features, int queueNumMax, int numQueues) {
        DriverMemory.setI32(page, NUM_QUEUES_OFFSET, numQueues);
        DriverMemory.setI32(page, VERSION_OFFSET, VERSION);
        DriverMemory.setI32(page, DEVICE_ID_OFFSET, deviceId);
        DriverMemory.setI32(page, VENDOR_ID_OFFSET, VENDOR_KERNITE);
        DriverMemory.setU64(page, DEVICE_FEATURES_OFFSET, features);
        DriverMemory.setI32(page, QUEUE_NUM_MAX_OFFSET, queueNumMax);
        DriverMemory.setI32Release(page, CONFIG_GENERATION_OFFSET, 0);
        DriverMemory.setI32Release(page, MAGIC_OFFSET, MAGIC);
    }

    /** The driver's status sequence, with acquire order: what the driver wrote before bumping it is visible. */
    int statusSeq() { return DriverMemory.i32Acquire(page, STATUS_SEQ_OFFSET); }

    /** The status the driver asks for; read after {@link #statusSeq()}. */
    int status() { return DriverMemory.i32(page, STATUS_OFFSET); }

    long driverFeatures() { return DriverMemory.u64(page, DRIVER_FEATURES_OFFSET); }

    /** Queue {@code q}'s registers as the driver left them, unchecked. */
    QueueConfig queueConfig(int q) {
        long b = queueBlock(q);
        return new QueueConfig(DriverMemory.i32(page, b + QB_SIZE), DriverMemory.i32(page, b + QB_READY),
            DriverMemory.u64(page, b + QB_DESC), DriverMemory.u64(page, b + QB_AVAIL), DriverMemory.u64(page, b + QB_USED));
    }

    void publishDeviceStatus(int status) { DriverMemory.setI32Release(page, DEVICE_STATUS_OFFSET, status); }

    void publishResetGeneration(int generation) { DriverMemory.setI32Release(page, RESET_GENERATION_OFFSET, generation); }

    /** Tells the driver its status write {@code seq} has been acted on, and wakes it if it sleeps on the ack. */
    void acknowledge(int seq) {
        DriverMemory.setI32Release(page, STATUS_ACK_OFFSET, seq);
        Futex.wake(page, STATUS_ACK_OFFSET, Integer.MAX_VALUE);
    }

    void raiseInterruptStatus(int bits) { DriverMemory.orI32(page, INTERRUPT_STATUS_OFFSET, bits); }

    void clearInterruptStatus() { DriverMemory.setI32Volatile(page, INTERRUPT_STATUS_OFFSET, 0); }

    /** The doorbell's current value: what the device sleeps on. */
    int doorbell() { return DriverMemory.i32Volatile(page, QUEUE_NOTIFY_OFFSET); }

    /** Raises or lowers the sleeping flag (volatile: the caller fences before its last re-check). */
    void setSleeping(boolean sleeping) { DriverMemory.setI32Volatile(page, DEVICE_SLEEPING_OFFSET, sleeping ? 1 : 0); }

    /** Sleeps while the doorbell still reads {@code seen}, for at most {@code nanos}. */
    void sleep(int seen, long nanos) { Futex.wait(page, QUEUE_NOTIFY_OFFSET, seen, nanos); }

    /**
     * Rings the doorbell from the device's own side (a backend thread with work for the device): the same add,
     * fence and conditional wake the driver makes, so the device thread cannot miss it.
     */
    void ring() {
        DriverMemory.addI32(page, QUEUE_NOTIFY_OFFSET, 1);
        java.lang.invoke.VarHandle.fullFence();
        if (DriverMemory.i32Volatile(page, DEVICE_SLEEPING_OFFSET) != 0) Futex.wake(page, QUEUE_NOTIFY_OFFSET, 1);
    }

    /** Wakes the device thread if it sleeps on the doorbell (used to stop it). */
    void wakeDevice() { Futex.wake(page, QUEUE_NOTIFY_OFFSET, Integer.MAX_VALUE); }

    boolean alive() { return page.scope().isAlive(); }
}
