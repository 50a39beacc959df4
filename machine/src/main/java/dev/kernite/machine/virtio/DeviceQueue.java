package dev.kernite.machine.virtio;

import static dev.kernite.abi.device.VirtqLayout.*;

import dev.kernite.kernel.device.Dma;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The device's side of a split virtqueue ({@link dev.kernite.abi.device.VirtqLayout}): consumer of the available
 * ring, producer of the used ring. All ring memory is reached through {@link Dma#window} only — the descriptor
 * table and available ring read-only, the used ring writable — so the device can touch nothing the driver did
 * not grant it.
 *
 * <p>The driver is not trusted. The device's own counts (chains taken, entries used) live in private fields and
 * are never read back from shared memory. A ring the device cannot use any more — unreachable or misaligned ring
 * memory, {@code avail.idx} more than a queue ahead, a head id out of range, memory that vanished under it —
 * makes the queue {@link #broken()}: from then on it touches nothing and returns nothing, and the owner raises
 * DEVICE_NEEDS_RESET. A bad chain is not a broken ring: it comes back as a {@link Chain} with a fault.
 *
 * <p>Backends see a queue through {@link #hasAvailable()}, {@link #next()} and {@link #complete}; set-up and
 * fault handling stay with {@link VirtioDevice}.
 *
 * <p>Thread safety: used by the device thread only.
 */
public final class DeviceQueue {
    private final int size;
    private final MemorySegment avail;
    private final MemorySegment used;
    private final ChainReader chains;
    private int lastAvail;  // chains taken, mod 2^16
    private int usedIdx;    // entries published, mod 2^16
    private int pending;    // chains known available and not yet taken
    private int completed;  // entries published since the device last looked for an interrupt to raise
    private String brokenReason;

    private DeviceQueue(int size, MemorySegment avail, MemorySegment used, ChainReader chains, String brokenReason) {
        this.size = size;
        this.avail = avail;
        this.used = used;
        this.chains = chains;
        this.brokenReason = brokenReason;
    }

    /** Maps the rings of a checked configuration; the queue comes back broken when they cannot be used. */
    static DeviceQueue open(Dma dma, QueueConfig config, QueueLimits limits) {
        int n = config.size();
        MemorySegment desc = Windows.map(dma, config.desc(), descTableBytes(n), false);
        MemorySegment avail = Windows.map(dma, config.avail(), availBytes(n), false);
        MemorySegment used = Windows.map(dma, config.used(), usedBytes(n), true);
        String problem = null;
        if (desc == null || avail == null || used == null) problem = "ring memory is not mapped for the device";
        else if (avail.address() % AVAIL_ALIGN != 0 || used.address() % USED_ALIGN != 0) problem = "ring memory misaligned";
        ChainReader reader = problem == null ? new ChainReader(dma, desc, n, limits) : null;
        return new DeviceQueue(n, avail, used, reader, problem);
    }

    public boolean broken() { return brokenReason != null; }

    /** Why the queue broke, or null. */
    String brokenReason() { return brokenReason; }

    /** True when the driver has made chains available that the device has not taken (reads the ring when needed). */
    public boolean hasAvailable() {
        if (broken()) return false;
        if (pending == 0) refreshPending();
        return pending > 0;
    }

    /** The next available chain, or null when there is none or the queue is broken. */
    public Chain next() {
        if (!hasAvailable()) return null;
        try {
            int head = DriverMemory.u16(avail, availEntry(lastAvail & (size - 1)));
            if (head >= size) return breakWith("available ring names descriptor " + head + ", queue size " + size);
            lastAvail = (lastAvail + 1) & 0xFFFF;
            pending--;
            return chains.read(head);
        } catch (IllegalStateException | IndexOutOfBoundsException e) {
            return breakWith("ring memory unreachable: " + e.getMessage());
        }
    }

    /** Returns chain {@code head} to the driver with {@code length} bytes written; publishes with release order. */
    public void complete(int head, int length) {
        if (broken()) return;
        try {
            long at = usedEntry(usedIdx & (size - 1));
            DriverMemory.setI32(used, at + USED_ELEM_ID, head);
            DriverMemory.setI32(used, at + USED_ELEM_LEN, length);
            usedIdx = (usedIdx + 1) & 0xFFFF;
            completed++;
            DriverMemory.setU16Release(used, USED_IDX, usedIdx);
        } catch (IllegalStateException | IndexOutOfBoundsException e) {
            breakWith("used ring unreachable: " + e.getMessage());
        }
    }

    /** Entries published since the last call; resets the count. */
    int takeCompleted() {
        int n = completed;
        completed = 0;
        return n;
    }

    /** Whether the driver wants an interrupt for what was just used (its NO_INTERRUPT flag, read after a fence). */
    boolean wantsInterrupt() {
        if (broken()) return false;
        VarHandle.fullFence(); // the used index must be visible before the flag is read (virtio 1.x §2.7.7)
        try {
            return (DriverMemory.u16(avail, AVAIL_FLAGS) & AVAIL_F_NO_INTERRUPT) == 0;
        } catch (IllegalStateException | IndexOutOfBoundsException e) {
            breakWith("available ring unreachable: " + e.getMessage());
            return false;
        }
    }

    private void refreshPending() {
        try {
            int idx = DriverMemory.u16Acquire(avail, AVAIL_IDX);
            int ahead = (idx - lastAvail) & 0xFFFF;
            if (ahead > size) breakWith("avail.idx " + idx + " is " + ahead + " ahead of " + lastAvail + ", queue size " + size);
            else pending = ahead;
        } catch (IllegalStateException | IndexOutOfBoundsException e) {
            breakWith("available ring unreachable: " + e.getMessage());
        }
    }

    private Chain breakWith(String reason) {
        if (brokenReason == null) brokenReason = reason;
        pending = 0;
        return null;
    }
}
