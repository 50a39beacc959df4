package dev.kernite.machine.testing;

import static dev.kernite.abi.device.DeviceRegistersLayout.F_VERSION_1;
import static dev.kernite.abi.device.NetLayout.*;

import dev.kernite.abi.Status;
import dev.kernite.abi.device.VirtqLayout;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.device.DeviceRegisters;
import dev.kernite.runtime.device.VirtqueueDriver;
import dev.kernite.runtime.device.VirtqueueDriver.Buffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A network driver for tests on the real driver library ({@link DeviceRegisters}, {@link VirtqueueDriver}) over a
 * {@link FakeBus}: a receive queue with one 2 KiB buffer per descriptor, a transmit queue with a 2 KiB slot per
 * descriptor. Timeouts only guard against hangs.
 *
 * <p>Thread safety: confined to one test thread.
 */
public final class TestNetDriver {
    public static final long RX_RING = 0x10_0000, TX_RING = 0x20_0000, RX_BUFS = 0x100_0000, TX_BUFS = 0x200_0000;
    public static final int QUEUE = 64, BUF = 2048;
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    public static final long FEATURES = F_VERSION_1 | F_MAC | F_MTU | F_STATUS;

    public final FakeBus bus;
    public final DeviceRegisters regs;
    public final MemorySegment rxRing, txRing, rxBufs, txBufs;
    private final int[] rxSlotOf = new int[QUEUE];
    private final ArrayDeque<Integer> freeTx = new ArrayDeque<>();
    private final int[] txSlotOf = new int[QUEUE];
    private VirtqueueDriver rx, tx;

    public TestNetDriver(FakeBus bus) {
        this.bus = bus;
        this.regs = new DeviceRegisters(bus.registers());
        this.rxRing = bus.dma().map(RX_RING, VirtqLayout.ringBytes(QUEUE), true);
        this.txRing = bus.dma().map(TX_RING, VirtqLayout.ringBytes(QUEUE), true);
        this.rxBufs = bus.dma().map(RX_BUFS, (long) QUEUE * BUF, true);
        this.txBufs = bus.dma().map(TX_BUFS, (long) QUEUE * BUF, false);
    }

    /** Reset, features, both queues, DRIVER_OK; posts every receive buffer when {@code postRx}. */
    public void bringUp(boolean postRx) {
        check(regs.reset(TIMEOUT), "reset");
        Result<Long> f = regs.negotiate(FEATURES, TIMEOUT);
        check(f.status(), "negotiate");
        rx = new VirtqueueDriver(QUEUE, rxRing, RX_RING);
        tx = new VirtqueueDriver(QUEUE, txRing, TX_RING);
        freeTx.clear();
        rxSlotCursor = 0;
        for (int i = 0; i < QUEUE; i++) freeTx.add(i);
        check(regs.setUpQueue(RX_QUEUE, rx), "rx queue");
        check(regs.setUpQueue(TX_QUEUE, tx), "tx queue");
        check(regs.driverOk(TIMEOUT), "driver ok");
        if (postRx) postRx(QUEUE);
    }

    public VirtqueueDriver rxQueue() { return rx; }

    public VirtqueueDriver txQueue() { return tx; }

    /** Posts {@code n} receive buffers of {@link #BUF} bytes. */
    public void postRx(int n) {
        for (int i = 0; i < n; i++) {
            int slot = nextRxSlot();
            if (slot < 0) break;
            postRx(slot, List.of(new Buffer(RX_BUFS + (long) slot * BUF, BUF, true)));
        }
        rx.publish();
        regs.notifyDevice();
    }

    /** Posts one chain as receive buffer {@code slot} (not yet published). */
    public int postRx(int slot, List<Buffer> chain) {
        int head = rx.add(chain);
        if (head >= 0) rxSlotOf[head] = slot;
        return head;
    }

    private int rxSlotCursor;

    private int nextRxSlot() {
        if (rx.freeDescriptors() == 0) return -1;
        return rxSlotCursor++ % QUEUE;
    }

    /** Sends {@code frame} with a zero header; false when every transmit slot is in flight. */
    public boolean send(byte[] frame) {
        reapTx();
        Integer slot = freeTx.poll();
        if (slot == null) return false;
        long at = (long) slot * BUF;
        txBufs.asSlice(at, HEADER_SIZE).fill((byte) 0);
        MemorySegment.copy(frame, 0, txBufs, ValueLayout.JAVA_BYTE, at + HEADER_SIZE, frame.length);
        return sendChain(slot, List.of(new Buffer(TX_BUFS + at, HEADER_SIZE + frame.length, false)));
    }

    /** Sends any chain on the transmit queue, as slot {@code slot}. */
    public boolean sendChain(int slot, List<Buffer> chain) {
        int head = tx.add(chain);
        if (head < 0) {
            freeTx.push(slot);
            return false;
        }
        txSlotOf[head] = slot;
        tx.publish();
        regs.notifyDevice();
        return true;
    }

    /** Takes back the transmit chains the device finished. */
    public int reapTx() {
        int n = 0;
        for (Result<VirtqueueDriver.Used> u = tx.poll(); u.ok(); u = tx.poll()) {
            freeTx.push(txSlotOf[u.value().head()]);
            n++;
        }
        return n;
    }

    /** Waits until every transmit chain is back. */
    public void drainTx() {
        awaitTrue(() -> {
            reapTx();
            return tx.inFlight() == 0;
        }, "transmit completions");
    }

    /**
     * The next received chain: its used length and its frame (without the header; empty for used length 0). The
     * buffer is posted again. Null when nothing came within {@code millis}.
     */
    public byte[] receive(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            Result<VirtqueueDriver.Used> u = rx.poll();
            if (u.ok()) {
                int slot = rxSlotOf[u.value().head()];
                int len = u.value().length();
                byte[] frame = len < HEADER_SIZE ? new byte[0]
                    : rxBufs.asSlice((long) slot * BUF + HEADER_SIZE, len - HEADER_SIZE).toArray(ValueLayout.JAVA_BYTE);
                postRx(slot, List.of(new Buffer(RX_BUFS + (long) slot * BUF, BUF, true)));
                rx.publish();
                regs.notifyDevice();
                return frame;
            }
            if (u.status() != Status.WOULD_BLOCK) throw new AssertionError("receive queue broken: " + rx.brokenReason());
            if (System.nanoTime() > deadline) return null;
            try {
                bus.awaitInterrupt(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The header of the last frame received into receive slot {@code slot}. */
    public MemorySegment rxHeader(int slot) { return rxBufs.asSlice((long) slot * BUF, HEADER_SIZE); }

    public void awaitTrue(java.util.function.BooleanSupplier c, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("hang: no " + what + "; device status " + regs.status());
            try {
                bus.awaitInterrupt(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void check(Status s, String step) {
        if (!s.isOk()) throw new AssertionError(step + " failed: " + s);
    }
}
