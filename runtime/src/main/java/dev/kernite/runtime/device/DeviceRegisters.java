package dev.kernite.runtime.device;

import static dev.kernite.abi.device.DeviceRegistersLayout.*;

import dev.kernite.abi.Status;
import dev.kernite.abi.device.NetLayout;
import dev.kernite.abi.device.VirtqLayout;
import dev.kernite.runtime.Result;
import dev.kernite.sys.Futex;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A driver's view of its device's register page ({@link dev.kernite.abi.device.DeviceRegistersLayout}): the
 * status handshake (reset, feature negotiation, DRIVER_OK), queue set-up, the doorbell and the interrupt status.
 *
 * <p>Bring-up, in order: {@link #identify}, {@link #reset}, {@link #negotiate}, {@link #setUpQueue},
 * {@link #driverOk}. After the device reports {@link #needsReset()} (it raises a configuration interrupt), the
 * driver resets it, builds a fresh {@link VirtqueueDriver} and replays what was in flight.
 *
 * <p>Trust: the device is the kernel's, but a driver still checks what it reads here before sizing anything by it
 * (queue size, configuration), and every wait has a timeout.
 *
 * <p>Thread safety: the bring-up methods are for one thread at a time; {@link #notifyDevice()},
 * {@link #takeInterrupts()} and the readers may be called from any thread.
 */
public final class DeviceRegisters {
    private static final long SPIN_NANOS = 20_000;
    private static final long SLICE_NANOS = 20_000_000;
    private static final int CONFIG_TRIES = 100;

    private final MemorySegment page;
    private int asked; // the status bits this driver asked for; bring-up thread only

    /** @throws IllegalArgumentException the region is too small, not native, or not 64-byte aligned */
    public DeviceRegisters(MemorySegment registers) {
        if (!registers.isNative() || registers.byteSize() < SIZE || registers.address() % LINE != 0) {
            throw new IllegalArgumentException("a register region is native, 64-byte aligned and " + SIZE + " bytes");
        }
        this.page = registers.asSlice(0, SIZE);
    }

    /** OK when the page holds a Kernite device of class {@code deviceId}; NOT_FOUND or NOT_SUPPORTED otherwise. */
    public Status identify(int deviceId) {
        if (DeviceMemory.i32Acquire(page, MAGIC_OFFSET) != MAGIC) return Status.NOT_FOUND;
        if (DeviceMemory.readI32(page, VERSION_OFFSET) != VERSION) return Status.NOT_SUPPORTED;
        return DeviceMemory.readI32(page, DEVICE_ID_OFFSET) == deviceId ? Status.OK : Status.NOT_SUPPORTED;
    }

    public long deviceFeatures() { return DeviceMemory.readU64(page, DEVICE_FEATURES_OFFSET); }

    /** The largest queue size the device accepts, or 0 when what it reports is unusable. */
    public int queueMaxSize() {
        int n = DeviceMemory.readI32(page, QUEUE_NUM_MAX_OFFSET);
        return VirtqLayout.isValidSize(n) ? n : 0;
    }

    /** How many queues the device has (at least 1). */
    public int numQueues() {
        int n = DeviceMemory.readI32(page, NUM_QUEUES_OFFSET);
        return n <= 0 ? 1 : Math.min(n, MAX_QUEUES);
    }

    /** The status the device accepted (the bits it agreed to, plus DEVICE_NEEDS_RESET). */
    public int status() { return DeviceMemory.i32Acquire(page, DEVICE_STATUS_OFFSET); }

    public boolean needsReset() { return (status() & DEVICE_NEEDS_RESET) != 0; }

    /** How many resets the device has completed. */
    public int resetGeneration() { return DeviceMemory.i32Acquire(page, RESET_GENERATION_OFFSET); }

    /**
     * Resets the device (status 0) and waits until it has stopped using the queue and forgotten its set-up.
     *
     * @return OK, TIMED_OUT, or INTERRUPTED
     */
    public Status reset(Duration timeout) {
        Status s = writeStatus(0, timeout);
        return s.isOk() && status() != 0 ? Status.PROTOCOL_ERROR : s;
    }

    /**
     * Acknowledges the device and agrees on features: the ones in {@code wanted} that the device offers, which must
     * include {@code F_VERSION_1}. Call right after {@link #reset}.
     *
     * @return the accepted features; NOT_SUPPORTED when the device does not offer VERSION_1 or refused the set (the
     *     device is then marked FAILED), TIMED_OUT, or INTERRUPTED
     */
    public Result<Long> negotiate(long wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Status s = writeStatus(ACKNOWLEDGE | DRIVER, timeout);
        if (!s.isOk()) return Result.error(s);
        long features = wanted & deviceFeatures();
        if ((features & F_VERSION_1) == 0) return failWith(Status.NOT_SUPPORTED);
        DeviceMemory.writeU64(page, DRIVER_FEATURES_OFFSET, features);
        s = writeStatus(asked | FEATURES_OK, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (!s.isOk()) return Result.error(s);
        return (status() & FEATURES_OK) != 0 ? Result.ok(features) : failWith(Status.NOT_SUPPORTED);
    }

    /**
     * Announces queue 0: {@code size} descriptors, the IOVAs of its three parts, and makes it ready. The device
     * checks and maps it at {@link #driverOk}.
     *
     * @return OK, or INVALID_ARGUMENT for a size the device does not accept
     */
    public Status setUpQueue(int size, long descIova, long availIova, long usedIova) {
        return setUpQueue(0, size, descIova, availIova, usedIova);
    }

    /**
     * Announces queue {@code q} (in its own block of registers, {@code DeviceRegistersLayout.queueBlock}).
     *
     * @return OK, or INVALID_ARGUMENT for a queue the device does not have or a size it does not accept
     */
    public Status setUpQueue(int q, int size, long descIova, long availIova, long usedIova) {
        if (q < 0 || q >= numQueues() || !VirtqLayout.isValidSize(size) || size > queueMaxSize()) return Status.INVALID_ARGUMENT;
        long b = queueBlock(q);
        DeviceMemory.writeI32(page, b + QB_SIZE, size);
        DeviceMemory.writeU64(page, b + QB_DESC, descIova);
        DeviceMemory.writeU64(page, b + QB_AVAIL, availIova);
        DeviceMemory.writeU64(page, b + QB_USED, usedIova);
        DeviceMemory.writeI32(page, b + QB_READY, 1);
        return Status.OK;
    }

    /** Announces a {@link VirtqueueDriver}'s queue as queue 0 (see {@link #setUpQueue(int, long, long, long)}). */
    public Status setUpQueue(VirtqueueDriver queue) {
        return setUpQueue(0, queue);
    }

    /** Announces a {@link VirtqueueDriver}'s queue as queue {@code q}. */
    public Status setUpQueue(int q, VirtqueueDriver queue) {
        return setUpQueue(q, queue.size(), queue.descIova(), queue.availIova(), queue.usedIova());
    }

    /**
     * Tells the device the driver is ready; it then takes the queue into use.
     *
     * @return OK; BAD_STATE when the device refused (a queue it cannot use: it then needs a reset), TIMED_OUT, or
     *     INTERRUPTED
     */
    public Status driverOk(Duration timeout) {
        Status s = writeStatus(asked | DRIVER_OK, timeout);
        if (!s.isOk()) return s;
        return (status() & (DRIVER_OK | DEVICE_NEEDS_RESET)) == DRIVER_OK ? Status.OK : Status.BAD_STATE;
    }

    /** Gives up on the device (FAILED); it stops using the queue. Does not wait. */
    public void fail() {
        asked |= FAILED;
        publishStatus(asked);
    }

    /**
     * Rings the doorbell after buffers were made available: one atomic add, and the futex-wake system call only
     * when the device is asleep.
     */
    public void notifyDevice() {
        DeviceMemory.i32AddVolatile(page, QUEUE_NOTIFY_OFFSET, 1);
        VarHandle.fullFence(); // our half of the Dekker pair: the publish is visible before the flag is read
        if (DeviceMemory.i32Volatile(page, DEVICE_SLEEPING_OFFSET) != 0) Futex.wake(page, QUEUE_NOTIFY_OFFSET, 1);
    }

    /** Takes and clears the interrupt status bits ({@code INTERRUPT_USED_BUFFER}, {@code INTERRUPT_CONFIG_CHANGE}). */
    public int takeInterrupts() { return DeviceMemory.i32TakeVolatile(page, INTERRUPT_STATUS_OFFSET); }

    /** The block configuration, read consistently (retried while the device changes it). */
    public BlockConfig blockConfig() {
        for (int i = 0; ; i++) {
            int generation = DeviceMemory.i32Acquire(page, CONFIG_GENERATION_OFFSET);
            BlockConfig c = new BlockConfig(DeviceMemory.readU64(page, BLK_CAPACITY_OFFSET),
                DeviceMemory.readI32(page, BLK_SIZE_MAX_OFFSET), DeviceMemory.readI32(page, BLK_SEG_MAX_OFFSET),
                DeviceMemory.readI32(page, BLK_BLK_SIZE_OFFSET), DeviceMemory.readI32(page, BLK_READ_ONLY_OFFSET) != 0);
            VarHandle.acquireFence();
            if (generation == DeviceMemory.i32Volatile(page, CONFIG_GENERATION_OFFSET) || i == CONFIG_TRIES) return c;
        }
    }

    /** The network configuration ({@code NetLayout}), read consistently. */
    public NetDeviceConfig netConfig() {
        for (int i = 0; ; i++) {
            int generation = DeviceMemory.i32Acquire(page, CONFIG_GENERATION_OFFSET);
            byte[] mac = bytes(NetLayout.MAC_OFFSET, NetLayout.MAC_BYTES);
            NetDeviceConfig c = new NetDeviceConfig(mac, (DeviceMemory.readU16(page, NetLayout.STATUS_OFFSET) & NetLayout.S_LINK_UP) != 0,
                DeviceMemory.readU16(page, NetLayout.MTU_OFFSET), bytes(NetLayout.IPV4_OFFSET, 4),
                Byte.toUnsignedInt(page.get(java.lang.foreign.ValueLayout.JAVA_BYTE, NetLayout.PREFIX_OFFSET)),
                bytes(NetLayout.HOST_IPV4_OFFSET, 4),
                Byte.toUnsignedInt(page.get(java.lang.foreign.ValueLayout.JAVA_BYTE, NetLayout.HOST_PREFIX_OFFSET)));
            VarHandle.acquireFence();
            if (generation == DeviceMemory.i32Volatile(page, CONFIG_GENERATION_OFFSET) || i == CONFIG_TRIES) return c;
        }
    }

    private byte[] bytes(long offset, int n) {
        return page.asSlice(offset, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    private Result<Long> failWith(Status s) {
        fail();
        return Result.error(s);
    }

    /** Writes a status and waits for the device's acknowledgement of it. */
    private Status writeStatus(int status, Duration timeout) {
        asked = status;
        return awaitAck(publishStatus(status), System.nanoTime(), timeout.toNanos());
    }

    /** Writes a status, bumps the sequence (publishing it and every set-up word) and rings; returns the sequence. */
    private int publishStatus(int status) {
        DeviceMemory.writeI32(page, STATUS_OFFSET, status);
        int seq = DeviceMemory.i32AddVolatile(page, STATUS_SEQ_OFFSET, 1);
        notifyDevice();
        return seq;
    }

    private Status awaitAck(int seq, long start, long timeout) {
        while (true) {
            int ack = DeviceMemory.i32Acquire(page, STATUS_ACK_OFFSET);
            if (ack == seq) return Status.OK;
            long elapsed = System.nanoTime() - start;
            if (elapsed >= timeout) return Status.TIMED_OUT;
            if (Thread.currentThread().isInterrupted()) return Status.INTERRUPTED;
            if (elapsed < SPIN_NANOS) Thread.onSpinWait();
            else Futex.wait(page, STATUS_ACK_OFFSET, ack, Math.min(SLICE_NANOS, timeout - elapsed));
        }
    }
}
