package dev.kernite.nic;

import static dev.kernite.abi.device.NetLayout.*;

import dev.kernite.abi.Status;
import dev.kernite.abi.device.DeviceRegistersLayout;
import dev.kernite.abi.device.VirtqLayout;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Device;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.device.DeviceRegisters;
import dev.kernite.runtime.device.NetDeviceConfig;
import dev.kernite.runtime.device.VirtqueueDriver;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The driver's side of the network device: bring-up (reset, features, two queues), transmit slots, receive buffers
 * kept posted, and recovery — when the device asks for a reset the driver resets it and posts its receive buffers
 * again; frames in flight are lost, as on a wire.
 *
 * <p>Memory: one dataspace of the driver's own, mapped for the device at {@link #IOVA}: the receive ring, the
 * transmit ring, then as many receive buffers as transmit slots, each big enough for a 12-byte header and a frame
 * of the device's MTU: {@link #QUEUE} of them, or fewer when frames are large (about {@link #BUFFER_BYTES} a
 * direction, at least 16). Transmit headers stay zero (no offloads).
 *
 * <p>Thread safety: guarded by the driver's lock.
 */
final class Nic {
    static final long IOVA = 1L << 20;
    static final int QUEUE = 128;
    static final int BUFFER_BYTES = 2 << 20;
    private static final Duration SETUP = Duration.ofSeconds(2);
    private static final long WANTED = DeviceRegistersLayout.F_VERSION_1 | F_MAC | F_MTU | F_STATUS;

    /** A received frame: where it lies in the DMA memory; give the buffer back with {@link #repost}. */
    record Frame(int slot, MemorySegment data) { }

    private final String name;
    private final Device device;
    private final DeviceRegisters regs;
    private final Dataspace dma;
    private final long ring;       // bytes of one ring
    private final int mtu;
    private final int buf;         // bytes of one buffer: header and frame, 64-byte aligned
    private final int slots;       // receive buffers, and transmit slots
    private final int[] rxSlotOf = new int[QUEUE], txSlotOf = new int[QUEUE];
    private final ArrayDeque<Integer> freeTx = new ArrayDeque<>();
    private VirtqueueDriver rx, tx;
    private NetDeviceConfig config;
    private boolean rxDirty, txDirty; // chains added and not yet published
    private boolean rxPolled;         // the driver polls the receive ring: no interrupts wanted (kept across resets)
    long resets;

    private Nic(String name, Device device, Dataspace dma, int mtu) {
        this.name = name;
        this.device = device;
        this.regs = new DeviceRegisters(device.registers());
        this.dma = dma;
        this.ring = ringBytes();
        this.mtu = mtu;
        this.buf = bufferBytes(mtu);
        this.slots = slots(buf);
    }

    private static long ringBytes() { return (VirtqLayout.ringBytes(QUEUE) + 63) & -64L; }

    private static int bufferBytes(int mtu) { return (HEADER_SIZE + maxFrame(mtu) + 63) & -64; }

    private static int slots(int buf) { return Math.max(16, Math.min(QUEUE, Integer.highestOneBit(BUFFER_BYTES / buf))); }

    static Result<Nic> open(Env env, String name, Device device) {
        DeviceRegisters regs = new DeviceRegisters(device.registers());
        Status s = regs.identify(DeviceRegistersLayout.DEVICE_ID_NET);
        if (s != Status.OK) return Result.error(s);
        if (regs.queueMaxSize() < QUEUE || regs.numQueues() < NUM_QUEUES) return Result.error(Status.NOT_SUPPORTED);
        // The buffers are sized by the MTU, read before negotiating (virtio 1.x §3.1.1 lets a driver read the
        // configuration then); a device without F_MTU, or with one out of range, gets Ethernet's.
        int cfgMtu = regs.netConfig().mtu();
        int mtu = (regs.deviceFeatures() & F_MTU) != 0 && cfgMtu >= MIN_MTU && cfgMtu <= MAX_MTU ? cfgMtu : DEFAULT_MTU;
        int buf = bufferBytes(mtu);
        long bytes = 2 * ringBytes() + 2L * slots(buf) * buf;
        Result<Dataspace> dma = env.allocate(bytes);
        if (!dma.ok()) return Result.error(dma.status());
        s = device.dmaMap(dma.value(), IOVA, true);
        if (s != Status.OK) return Result.error(s);
        Nic n = new Nic(name, device, dma.value(), mtu);
        s = n.setUp();
        return s == Status.OK ? Result.ok(n) : Result.error(s);
    }

    /** Reset, features, both queues, DRIVER_OK, every receive buffer posted. */
    private Status setUp() {
        Status s = regs.reset(SETUP);
        if (s != Status.OK) return s;
        resets++;
        Result<Long> f = regs.negotiate(WANTED, SETUP);
        if (!f.ok()) return f.status();
        config = regs.netConfig();
        MemorySegment m = dma.segment();
        rx = new VirtqueueDriver(QUEUE, m.asSlice(0, ring), IOVA);
        tx = new VirtqueueDriver(QUEUE, m.asSlice(ring, ring), IOVA + ring);
        tx.suppressInterrupts(true); // the driver reaps transmit slots when it sends; only receives interrupt
        rx.suppressInterrupts(rxPolled);
        m.asSlice(2 * ring).fill((byte) 0);
        freeTx.clear();
        for (int i = 0; i < slots; i++) freeTx.add(i);
        if ((s = regs.setUpQueue(RX_QUEUE, rx)) != Status.OK || (s = regs.setUpQueue(TX_QUEUE, tx)) != Status.OK) return s;
        s = regs.driverOk(SETUP);
        if (s != Status.OK) return s;
        for (int i = 0; i < slots; i++) repost(i);
        flush();
        return Status.OK;
    }

    String name() { return name; }
    NetDeviceConfig config() { return config; }
    int mtu() { return mtu; }
    int maxFrameBytes() { return maxFrame(mtu); }
    Device device() { return device; }

    /** Copies a frame into a transmit slot and queues it; false when every slot is in flight. Publish with {@link #flush}. */
    boolean transmit(MemorySegment frame) {
        if (freeTx.isEmpty()) reapTx();
        Integer slot = freeTx.poll();
        if (slot == null) return false;
        long at = txOffset(slot);
        MemorySegment.copy(frame, 0, dma.segment(), at + HEADER_SIZE, frame.byteSize());
        int head = tx.add(List.of(new VirtqueueDriver.Buffer(IOVA + at, HEADER_SIZE + (int) frame.byteSize(), false)));
        if (head < 0) {
            freeTx.push(slot);
            return false;
        }
        txSlotOf[head] = slot;
        txDirty = true;
        return true;
    }

    /** The next received frame (a view of its buffer, valid until {@link #repost}), or null. */
    Frame receive() {
        if (regs.needsReset() || rx.broken() || tx.broken()) recover();
        Result<VirtqueueDriver.Used> u = rx.poll();
        if (!u.ok()) return null;
        int slot = rxSlotOf[u.value().head()];
        int len = u.value().length() - HEADER_SIZE;
        MemorySegment data = len > 0 ? dma.segment().asSlice(rxOffset(slot) + HEADER_SIZE, len) : MemorySegment.NULL;
        return new Frame(slot, data);
    }

    /** Posts receive buffer {@code slot} again. Publish with {@link #flush}. */
    void repost(int slot) {
        int head = rx.add(List.of(new VirtqueueDriver.Buffer(IOVA + rxOffset(slot), buf, true)));
        if (head >= 0) rxSlotOf[head] = slot;
        rxDirty = true;
    }

    /** Publishes what was added and rings the doorbell once. */
    void flush() {
        if (!rxDirty && !txDirty) return;
        if (rxDirty) rx.publish();
        if (txDirty) tx.publish();
        rxDirty = txDirty = false;
        regs.notifyDevice();
    }

    /**
     * Asks the device not to interrupt for received frames while the driver polls the receive ring (a hint), or to
     * again. Turning them on, the flag is made visible before the caller looks at the ring once more: a frame in
     * between would otherwise raise no interrupt and wait unseen (virtio 1.x §2.7.7, driver side).
     */
    void pollReceives(boolean polled) {
        rxPolled = polled;
        rx.suppressInterrupts(polled);
        if (!polled) VarHandle.fullFence();
    }

    /** Waits for the device's interrupt (or {@code timeout}) and clears the status. */
    void awaitInterrupt(Duration timeout) {
        device.interrupt().await(timeout);
        regs.takeInterrupts();
    }

    boolean needsRecovery() { return regs.needsReset() || rx.broken() || tx.broken(); }

    /** Resets the device and starts afresh; what was in flight is lost. */
    void recover() {
        System.err.println("nic: device " + name + " needs a reset" + (rx.broken() ? " (" + rx.brokenReason() + ")" : "")
            + (tx.broken() ? " (" + tx.brokenReason() + ")" : "") + "; resetting");
        Status s = setUp();
        if (s != Status.OK) throw new IllegalStateException("device " + name + " did not come back after a reset: " + s);
    }

    private void reapTx() {
        for (Result<VirtqueueDriver.Used> u = tx.poll(); u.ok(); u = tx.poll()) freeTx.push(txSlotOf[u.value().head()]);
    }

    private long rxOffset(int slot) { return 2 * ring + (long) slot * buf; }

    private long txOffset(int slot) { return 2 * ring + (long) (slots + slot) * buf; }
}
