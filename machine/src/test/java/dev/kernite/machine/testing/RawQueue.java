package dev.kernite.machine.testing;

import static dev.kernite.abi.device.DeviceRegistersLayout.*;
import static dev.kernite.abi.device.VirtqLayout.*;

import dev.kernite.abi.Status;
import dev.kernite.runtime.device.DeviceRegisters;
import dev.kernite.runtime.device.VirtqueueDriver;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * A hostile driver for tests: brings the device up with a queue whose memory it then scribbles on directly
 * (descriptor table, available ring, index), and writes raw register values, bypassing every check the real
 * driver library makes. Timeouts here only guard against hangs.
 *
 * <p>Thread safety: confined to the test thread.
 */
public final class RawQueue {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    public final int size;
    public final long iova;
    public final MemorySegment desc, avail, used;
    private final FakeBus bus;
    private final DeviceRegisters regs;
    private final MemorySegment memory;

    /** Maps ring memory for a queue of {@code size} at {@code iova} (device-writable, as the used ring must be). */
    public RawQueue(FakeBus bus, long iova, int size) {
        this.bus = bus;
        this.regs = new DeviceRegisters(bus.registers());
        this.size = size;
        this.iova = iova;
        this.memory = bus.dma().map(iova, ringBytes(size), true);
        this.desc = memory.asSlice(0, descTableBytes(size));
        this.avail = memory.asSlice(availOffset(size), availBytes(size));
        this.used = memory.asSlice(usedOffset(size), usedBytes(size));
    }

    public DeviceRegisters registers() { return regs; }

    /** Resets the device and brings it up with this (zeroed) queue; returns the DRIVER_OK result. */
    public Status bringUp() {
        check(regs.reset(TestBlockDriver.TIMEOUT), "reset");
        check(regs.negotiate(TestBlockDriver.FEATURES, TestBlockDriver.TIMEOUT).status(), "negotiate");
        VirtqueueDriver zeroed = new VirtqueueDriver(size, memory, iova);
        check(regs.setUpQueue(zeroed), "queue set-up");
        return regs.driverOk(TestBlockDriver.TIMEOUT);
    }

    public void descriptor(int id, long addr, int len, int flags, int next) {
        long at = descOffset(id);
        desc.set(I64, at + DESC_ADDR, addr);
        desc.set(I32, at + DESC_LEN, len);
        desc.set(U16, at + DESC_FLAGS, (short) flags);
        desc.set(U16, at + DESC_NEXT, (short) next);
    }

    public void setAvail(int slot, int head) { avail.set(U16, availEntry(slot), (short) head); }

    public void availFlags(int flags) { avail.set(U16, AVAIL_FLAGS, (short) flags); }

    /** Publishes {@code idx} (release) and rings the doorbell. */
    public void publish(int idx) {
        SHORT.setRelease(avail, AVAIL_IDX, (short) idx);
        regs.notifyDevice();
    }

    public int usedIdx() { return Short.toUnsignedInt((short) SHORT.getAcquire(used, USED_IDX)); }

    public long usedId(int slot) { return Integer.toUnsignedLong(used.get(I32, usedEntry(slot) + USED_ELEM_ID)); }

    /**
     * Writes any status (and driver features) through the handshake and waits for the device's acknowledgement,
     * which it must give whatever the value.
     */
    public void rawStatus(int status, long driverFeatures) {
        MemorySegment page = bus.registers();
        page.set(I64, DRIVER_FEATURES_OFFSET, driverFeatures);
        page.set(I32, STATUS_OFFSET, status);
        int seq = (int) INT.getAndAdd(page, STATUS_SEQ_OFFSET, 1) + 1;
        regs.notifyDevice();
        awaitTrue(() -> (int) INT.getAcquire(page, STATUS_ACK_OFFSET) == seq, "ack of status " + status);
    }

    /** Writes raw queue registers (unchecked, unlike {@link DeviceRegisters#setUpQueue}). */
    public void rawQueueRegisters(int size, int ready, long desc, long avail, long used) {
        MemorySegment page = bus.registers();
        page.set(I32, QUEUE_SIZE_OFFSET, size);
        page.set(I32, QUEUE_READY_OFFSET, ready);
        page.set(I64, QUEUE_DESC_OFFSET, desc);
        page.set(I64, QUEUE_AVAIL_OFFSET, avail);
        page.set(I64, QUEUE_USED_OFFSET, used);
    }

    /** Waits (hang guard only) until {@code condition} holds, sleeping on the interrupt line between checks. */
    public void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TestBlockDriver.TIMEOUT.toNanos();
        try {
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) throw new AssertionError("hang: no " + what + "; device status " + regs.status());
                bus.awaitInterrupt(1);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void check(Status s, String step) {
        if (!s.isOk()) throw new AssertionError(step + " failed: " + s);
    }
}
