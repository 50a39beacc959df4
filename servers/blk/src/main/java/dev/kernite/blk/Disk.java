package dev.kernite.blk;

import static dev.kernite.abi.device.BlkRequestLayout.*;

import dev.kernite.abi.Status;
import dev.kernite.abi.device.DeviceRegistersLayout;
import dev.kernite.abi.device.VirtqLayout;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Device;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.device.BlockConfig;
import dev.kernite.runtime.device.DeviceRegisters;
import dev.kernite.runtime.device.VirtqueueDriver;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The driver's side of the block device: bring-up (reset, features, queue), submitting requests as descriptor
 * chains, harvesting completions, and recovery — when the device asks for a reset, the driver resets it, builds
 * a fresh queue and submits again every request that was in flight, so no acknowledged write is lost and no
 * client waits forever.
 *
 * <p>Memory: one dataspace of the driver's own, mapped for the device at {@link #RING_IOVA}, holds the queue,
 * then a 16-byte request header and a status byte per request slot. Data moves between the device and the
 * clients' buffers ({@link Sessions}); the driver never copies it.
 *
 * <p>Thread safety: guarded by the driver's lock, except {@link #awaitInterrupt} (which only waits) and the
 * configuration getters (volatile: recovery replaces the configuration).
 */
final class Disk {
    static final long RING_IOVA = 1L << 20;
    static final int MAX_QUEUE = 128;
    static final int MAX_TRANSFER = 1 << 20;
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(2);
    private static final long WANTED = DeviceRegistersLayout.F_VERSION_1 | F_FLUSH | F_BLK_SIZE | F_SEG_MAX | F_SIZE_MAX | F_RO;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A request the device has: what to answer, on which message, and where its data is. */
    record Pending(Message reply, int type, long sector, long dataIova, int bytes, int slot) { }

    private final String name;
    private final Device device;
    private final DeviceRegisters regs;
    private final Dataspace dma;
    private final int queueSize;
    private final int slots;
    private final Pending[] byHead;
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    private VirtqueueDriver queue;
    private volatile BlockConfig config;
    private volatile long features;
    private int inFlight;
    private boolean interruptsSuppressed;  // what the driver asked last: a queue built after a reset is told again
    long resets;

    private Disk(String name, Device device, DeviceRegisters regs, Dataspace dma, int queueSize) {
        this.name = name;
        this.device = device;
        this.regs = regs;
        this.dma = dma;
        this.queueSize = queueSize;
        this.slots = queueSize / 3; // a request is three descriptors
        this.byHead = new Pending[queueSize];
        for (int i = 0; i < slots; i++) freeSlots.push(i);
    }

    /** Opens the device, allocates the queue memory and brings the device up. */
    static Result<Disk> open(Env env, String name, Device device) {
        DeviceRegisters regs = new DeviceRegisters(device.registers());
        Status s = regs.identify(DeviceRegistersLayout.DEVICE_ID_BLOCK);
        if (s != Status.OK) return Result.error(s);
        int q = Math.min(MAX_QUEUE, Integer.highestOneBit(Math.max(4, regs.queueMaxSize())));
        long bytes = VirtqLayout.ringBytes(q) + (long) q * (HEADER_SIZE + STATUS_SIZE);
        Result<Dataspace> dma = env.allocate(bytes);
        if (!dma.ok()) return Result.error(dma.status());
        s = device.dmaMap(dma.value(), RING_IOVA, true);
        if (s != Status.OK) return Result.error(s);
        Disk d = new Disk(name, device, regs, dma.value(), q);
        s = d.setUp();
        return s == Status.OK ? Result.ok(d) : Result.error(s);
    }

    /** Reset, feature negotiation, a fresh queue, DRIVER_OK. */
    private Status setUp() {
        Status s = regs.reset(SETUP_TIMEOUT);
        if (s != Status.OK) return s;
        resets++;
        Result<Long> f = regs.negotiate(WANTED, SETUP_TIMEOUT);
        if (!f.ok()) return f.status();
        features = f.value();
        config = regs.blockConfig();
        queue = new VirtqueueDriver(queueSize, dma.segment().asSlice(0, VirtqLayout.ringBytes(queueSize)), RING_IOVA);
        queue.suppressInterrupts(interruptsSuppressed);
        s = regs.setUpQueue(queue);
        if (s != Status.OK) return s;
        return regs.driverOk(SETUP_TIMEOUT);
    }

    String name() { return name; }
    long capacitySectors() { return config.capacitySectors(); }
    boolean readOnly() { return (features & F_RO) != 0 || config.readOnly(); }
    int maxTransfer() { return config.sizeMax() > 0 && (features & F_SIZE_MAX) != 0 ? Math.min(MAX_TRANSFER, config.sizeMax()) : MAX_TRANSFER; }
    boolean canFlush() { return (features & F_FLUSH) != 0; }
    int inFlight() { return inFlight; }
    boolean hasRoom() { return !freeSlots.isEmpty(); }

    /** Submits a request; the caller checked {@link #hasRoom()}. */
    void submit(Pending p) {
        int slot = freeSlots.pop();
        p = new Pending(p.reply(), p.type(), p.sector(), p.dataIova(), p.bytes(), slot);
        MemorySegment header = dma.segment().asSlice(headerOffset(slot), HEADER_SIZE);
        header.set(U32, TYPE_OFFSET, p.type());
        header.set(U32, RESERVED_OFFSET, 0);
        header.set(U64, SECTOR_OFFSET, p.sector());
        dma.segment().set(ValueLayout.JAVA_BYTE, statusOffset(slot), (byte) 0xFF);
        add(p);
        queue.publish();
        regs.notifyDevice();
    }

    private void add(Pending p) {
        VirtqueueDriver.Buffer head = new VirtqueueDriver.Buffer(RING_IOVA + headerOffset(p.slot()), HEADER_SIZE, false);
        VirtqueueDriver.Buffer status = new VirtqueueDriver.Buffer(RING_IOVA + statusOffset(p.slot()), STATUS_SIZE, true);
        List<VirtqueueDriver.Buffer> chain = p.type() == T_FLUSH ? List.of(head, status)
            : List.of(head, new VirtqueueDriver.Buffer(p.dataIova(), p.bytes(), p.type() == T_IN), status);
        int h = queue.add(chain);
        if (h == VirtqueueDriver.NO_SPACE) throw new IllegalStateException("queue full with a free slot: slots are a third of the queue");
        byHead[h] = p;
        inFlight++;
    }

    /** What the device answered for a request. */
    record Done(Pending request, Status status) { }

    /**
     * Takes the next completed request, or null when none is ready. Recovers first if the device asked for a reset
     * or broke the queue; requests in flight are then submitted again, not failed.
     */
    Done poll() {
        if (regs.needsReset() || queue.broken()) recover();
        Result<VirtqueueDriver.Used> u = queue.poll();
        if (!u.ok()) return null;
        Pending p = byHead[u.value().head()];
        byHead[u.value().head()] = null;
        inFlight--;
        freeSlots.push(p.slot());
        int st = Byte.toUnsignedInt(dma.segment().get(ValueLayout.JAVA_BYTE, statusOffset(p.slot())));
        return new Done(p, switch (st) {
            case S_OK -> Status.OK;
            case S_UNSUPP -> Status.NOT_SUPPORTED;
            default -> Status.HOST_ERROR;
        });
    }

    /** Asks the device not to interrupt on completions (a hint: the driver polls meanwhile), or to again. */
    void suppressInterrupts(boolean suppress) {
        interruptsSuppressed = suppress;
        queue.suppressInterrupts(suppress);
        // Turning them on: the flag must be visible before the caller looks at the used ring once more, or a
        // completion in between would raise no interrupt and be seen by no one (virtio 1.x §2.7.7, driver side).
        if (!suppress) VarHandle.fullFence();
    }

    /** Waits for the device's interrupt (or {@code timeout}): the interrupt thread, when nothing had completed. */
    void awaitInterrupt(Duration timeout) {
        device.interrupt().await(timeout);
        regs.takeInterrupts();
    }

    /** Resets the device and submits again every request it had. */
    private void recover() {
        System.err.println("blk: device " + name + " needs a reset" + (queue.broken() ? " (" + queue.brokenReason() + ")" : "")
            + "; resetting and replaying " + inFlight + " requests");
        Pending[] replay = byHead.clone();
        java.util.Arrays.fill(byHead, null);
        inFlight = 0;
        Status s = setUp();
        if (s != Status.OK) throw new IllegalStateException("device " + name + " did not come back after a reset: " + s);
        for (Pending p : replay) {
            if (p == null) continue;
            add(p);
        }
        queue.publish();
        regs.notifyDevice();
    }

    private long headerOffset(int slot) { return VirtqLayout.ringBytes(queueSize) + (long) slot * HEADER_SIZE; }

    private long statusOffset(int slot) { return VirtqLayout.ringBytes(queueSize) + (long) slots * HEADER_SIZE + slot; }
}
