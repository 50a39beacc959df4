package dev.kernite.machine.testing;

import static dev.kernite.abi.device.BlkRequestLayout.*;
import static dev.kernite.abi.device.DeviceRegistersLayout.F_VERSION_1;

import dev.kernite.abi.Status;
import dev.kernite.abi.device.VirtqLayout;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.device.DeviceRegisters;
import dev.kernite.runtime.device.VirtqueueDriver;
import dev.kernite.runtime.device.VirtqueueDriver.Buffer;
import dev.kernite.runtime.device.VirtqueueDriver.Used;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A block driver for tests, built on the real driver library ({@link DeviceRegisters}, {@link VirtqueueDriver})
 * over a {@link FakeBus}: bring-up, synchronous requests from any number of threads, and reset with replay of
 * whatever was in flight. A reaper thread collects completions when the device interrupts (and every 10 ms, so
 * a lost interrupt shows up as slowness, not a hang). Timeouts here only guard against hangs.
 *
 * <p>Thread safety: thread-safe; the queue is guarded by {@code this}.
 */
public final class TestBlockDriver implements AutoCloseable {
    public static final long RING_IOVA = 0x10_0000;
    public static final long BUFFER_IOVA = 0x100_0000;
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    public static final long FEATURES = F_VERSION_1 | F_FLUSH | F_BLK_SIZE | F_SEG_MAX | F_SIZE_MAX | F_RO;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int DATA_OFFSET = 512;

    /** A block request's end: the status byte (0xFF if the device never wrote it) and the used length. */
    public record Completion(int status, int usedLength) {}

    private record Pending(List<Buffer> chain, CompletableFuture<Used> done) {}

    private final FakeBus bus;
    private final DeviceRegisters regs;
    private final int queueSize;
    private final MemorySegment ring;
    private final MemorySegment buffers;
    private final long slotBytes;
    private final BlockingQueue<Integer> freeSlots;
    private final Map<Integer, Pending> pending = new LinkedHashMap<>(); // by head; guarded by this
    private final Thread reaper;
    private VirtqueueDriver queue; // guarded by this
    private long features;
    private volatile boolean running = true;

    /**
     * @param slots        requests that may be in flight at once (each a three-buffer chain)
     * @param maxDataBytes the largest data transfer of one request
     */
    public TestBlockDriver(FakeBus bus, int queueSize, int slots, int maxDataBytes) {
        if (slots * 3 > queueSize) throw new IllegalArgumentException("slots need three descriptors each");
        this.bus = bus;
        this.regs = new DeviceRegisters(bus.registers());
        this.queueSize = queueSize;
        this.ring = bus.dma().map(RING_IOVA, VirtqLayout.ringBytes(queueSize), true);
        this.slotBytes = (DATA_OFFSET + maxDataBytes + 4095) & -4096L;
        this.buffers = bus.dma().map(BUFFER_IOVA, slotBytes * slots, true);
        this.freeSlots = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) freeSlots.add(i);
        this.reaper = Thread.ofPlatform().name("test-reaper").daemon().start(this::reap);
    }

    public DeviceRegisters registers() { return regs; }

    public FakeBus bus() { return bus; }

    /** The features agreed at the last bring-up. */
    public long features() { return features; }

    public synchronized VirtqueueDriver queue() { return queue; }

    /** Resets the device and brings it up with a fresh queue; fails the test if any step fails. */
    public synchronized void bringUp() {
        expect(regs.identify(2), "identify");
        expect(regs.reset(TIMEOUT), "reset");
        Result<Long> agreed = regs.negotiate(FEATURES, TIMEOUT);
        expect(agreed.status(), "negotiate");
        features = agreed.value();
        queue = new VirtqueueDriver(queueSize, ring, RING_IOVA);
        expect(regs.setUpQueue(queue), "queue set-up");
        expect(regs.driverOk(TIMEOUT), "DRIVER_OK");
    }

    /** Resets and brings the device up again, then resubmits every request that was in flight. */
    public synchronized void resetAndReplay() {
        List<Pending> replay = new ArrayList<>(pending.values());
        pending.clear();
        bringUp();
        for (Pending p : replay) enqueue(p);
        queue.publish();
        regs.notifyDevice();
    }

    public Completion read(long sector, byte[] into) { return request(T_IN, sector, null, into); }

    public Completion write(long sector, byte[] data) { return request(T_OUT, sector, data, null); }

    public Completion flush() { return request(T_FLUSH, 0, null, null); }

    public Completion getId(byte[] into) { return request(T_GET_ID, 0, null, into); }

    /** A request of any type: header, then {@code out} (device-readable) or room for {@code in}, then status. */
    public Completion request(int type, long sector, byte[] out, byte[] in) {
        int slot = takeSlot();
        try {
            MemorySegment m = buffers.asSlice(slot * slotBytes, slotBytes);
            long iova = BUFFER_IOVA + slot * slotBytes;
            m.set(U32, TYPE_OFFSET, type);
            m.set(U32, RESERVED_OFFSET, 0);
            m.set(U64, SECTOR_OFFSET, sector);
            m.set(ValueLayout.JAVA_BYTE, HEADER_SIZE, (byte) 0xFF);
            List<Buffer> chain = new ArrayList<>();
            chain.add(new Buffer(iova, HEADER_SIZE, false));
            if (out != null && out.length > 0) {
                MemorySegment.copy(out, 0, m, ValueLayout.JAVA_BYTE, DATA_OFFSET, out.length);
                chain.add(new Buffer(iova + DATA_OFFSET, out.length, false));
            }
            if (in != null && in.length > 0) chain.add(new Buffer(iova + DATA_OFFSET, in.length, true));
            chain.add(new Buffer(iova + HEADER_SIZE, 1, true));
            Used used = submit(chain);
            int status = Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, HEADER_SIZE));
            if (in != null && status == S_OK) MemorySegment.copy(m, ValueLayout.JAVA_BYTE, DATA_OFFSET, in, 0, in.length);
            return new Completion(status, used.length());
        } finally {
            freeSlots.add(slot);
        }
    }

    /** Submits any chain (the caller placed its contents) and waits for the device to use it. */
    public Used submit(List<Buffer> chain) {
        CompletableFuture<Used> done = new CompletableFuture<>();
        synchronized (this) {
            enqueue(new Pending(chain, done));
            queue.publish();
        }
        regs.notifyDevice();
        try {
            return done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the device never used the chain; device status " + regs.status());
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            reaper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Pending p) {
        int head = queue.add(p.chain());
        if (head == VirtqueueDriver.NO_SPACE) throw new AssertionError("queue full");
        pending.put(head, p);
    }

    private void reap() {
        try {
            while (running) {
                bus.awaitInterrupt(10);
                collect();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void collect() {
        if (queue == null) return;
        while (true) {
            Result<Used> r = queue.poll();
            if (r.status() == Status.WOULD_BLOCK) return;
            if (!r.ok()) {
                pending.values().forEach(p -> p.done().completeExceptionally(new AssertionError(queue.brokenReason())));
                pending.clear();
                return;
            }
            Pending p = pending.remove(r.value().head());
            if (p != null) p.done().complete(r.value());
        }
    }

    private int takeSlot() {
        try {
            Integer slot = freeSlots.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (slot == null) throw new AssertionError("no free request slot");
            return slot;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void expect(Status s, String step) {
        if (!s.isOk()) throw new AssertionError(step + " failed: " + s);
    }
}
