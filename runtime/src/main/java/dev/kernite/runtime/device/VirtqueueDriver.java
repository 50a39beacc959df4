package dev.kernite.runtime.device;

import static dev.kernite.abi.device.VirtqLayout.*;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Result;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The driver's side of a split virtqueue ({@link dev.kernite.abi.device.VirtqLayout}): producer of the
 * available ring, consumer of the used ring, owner of the descriptor table. The three parts lie contiguously in
 * one piece of memory that the driver mapped for the device at an IOVA ({@link #descIova()} and the two after
 * it are what {@link DeviceRegisters#setUpQueue} announces).
 *
 * <p>The device is checked, not believed: the free list, chain lengths and in-flight set live in private arrays
 * and are never read back from shared memory; a used index running ahead of what is in flight, a used id out of
 * range or not in flight, or a used length larger than the chain's writable buffers breaks the queue —
 * {@link #poll()} then returns PROTOCOL_ERROR for good, and the driver resets the device and builds a fresh
 * queue. Nothing the device writes can make a method here throw.
 *
 * <p>Ordering: descriptors and ring entries are written plainly and published by a release store of
 * {@code avail.idx} ({@link #publish()}); {@code used.idx} is read with acquire order before the entries.
 *
 * <p>Thread safety: not thread-safe; one thread at a time (a driver serialises its submitters and reapers).
 */
public final class VirtqueueDriver {
    /** No free descriptors for the chain: wait for completions (back-pressure). */
    public static final int NO_SPACE = -1;

    /**
     * One buffer of a chain.
     *
     * @param iova           where the device finds it
     * @param length         bytes, at least 1
     * @param deviceWritable whether the device writes it (otherwise it reads it)
     */
    public record Buffer(long iova, int length, boolean deviceWritable) {
        public Buffer {
            if (length <= 0) throw new IllegalArgumentException("buffer length " + length);
        }
    }

    /**
     * A chain the device has finished with.
     *
     * @param head   the id {@link #add} returned for it
     * @param length bytes the device wrote into its writable buffers
     */
    public record Used(int head, int length) {}

    private static final byte FREE = 0, ADDED = 1, PUBLISHED = 2;

    private final int size;
    private final long iova;
    private final MemorySegment desc, avail, used;
    private final int[] nextFree;      // free list, and the chain links of in-flight chains (our copy of desc.next)
    private final int[] chainLength;   // by head
    private final long[] writableBytes; // by head
    private final byte[] state;        // by head: FREE, ADDED, PUBLISHED
    private final int[] unpublished;   // heads added since the last publish
    private final int[] scratch;
    private int freeHead, freeCount, unpublishedCount, inFlight;
    private int availIdx;  // chains added, mod 2^16
    private int lastUsed;  // used entries taken, mod 2^16
    private int pendingUsed;
    private String brokenReason;

    /**
     * A fresh queue in {@code memory} (zeroed here), which the device sees at {@code iova}.
     *
     * @throws IllegalArgumentException a size that is not a power of two up to {@code MAX_SIZE}, memory smaller than
     *     {@code VirtqLayout.ringBytes(size)}, or memory or IOVA not 16-byte aligned
     */
    public VirtqueueDriver(int size, MemorySegment memory, long iova) {
        if (!isValidSize(size)) throw new IllegalArgumentException("queue size " + size);
        if (memory.byteSize() < ringBytes(size)) throw new IllegalArgumentException("ring memory of " + memory.byteSize() + " bytes, need " + ringBytes(size));
        if (memory.address() % DESC_ALIGN != 0 || iova < 0 || iova % DESC_ALIGN != 0) throw new IllegalArgumentException("ring memory or IOVA misaligned");
        this.size = size;
        this.iova = iova;
        memory.asSlice(0, ringBytes(size)).fill((byte) 0);
        this.desc = memory.asSlice(0, descTableBytes(size));
        this.avail = memory.asSlice(availOffset(size), availBytes(size));
        this.used = memory.asSlice(usedOffset(size), usedBytes(size));
        this.nextFree = new int[size];
        this.chainLength = new int[size];
        this.writableBytes = new long[size];
        this.state = new byte[size];
        this.unpublished = new int[size];
        this.scratch = new int[size];
        for (int i = 0; i < size; i++) nextFree[i] = i + 1;
        this.freeCount = size;
    }

    public int size() { return size; }

    public long descIova() { return iova; }

    public long availIova() { return iova + availOffset(size); }

    public long usedIova() { return iova + usedOffset(size); }

    public int freeDescriptors() { return freeCount; }

    /** Chains added and not yet returned by {@link #poll()}. */
    public int inFlight() { return inFlight; }

    /** Why the device's used ring was refused, or null. */
    public String brokenReason() { return brokenReason; }

    public boolean broken() { return brokenReason != null; }

    /**
     * Writes a chain into the descriptor table and the available ring; the device sees it after {@link #publish()}.
     *
     * @param buffers device-readable buffers first, then device-writable ones
     * @return the chain's head id, or {@link #NO_SPACE}
     * @throws IllegalArgumentException an empty chain, one longer than the queue, or readable after writable
     */
    public int add(List<Buffer> buffers) {
        int n = buffers.size();
        if (n == 0 || n > size) throw new IllegalArgumentException("chain of " + n + " buffers, queue size " + size);
        for (int i = 1; i < n; i++) {
            if (buffers.get(i - 1).deviceWritable() && !buffers.get(i).deviceWritable()) {
                throw new IllegalArgumentException("device-readable buffer " + i + " after a device-writable one");
            }
        }
        if (n > freeCount) return NO_SPACE;
        for (int i = 0; i < n; i++) {
            scratch[i] = freeHead;
            freeHead = nextFree[freeHead];
        }
        freeCount -= n;
        long writable = 0;
        for (int i = 0; i < n; i++) {
            Buffer b = buffers.get(i);
            boolean more = i + 1 < n;
            writeDescriptor(scratch[i], b, more ? scratch[i + 1] : 0, more);
            if (more) nextFree[scratch[i]] = scratch[i + 1];
            if (b.deviceWritable()) writable += b.length();
        }
        int head = scratch[0];
        chainLength[head] = n;
        writableBytes[head] = writable;
        state[head] = ADDED;
        unpublished[unpublishedCount++] = head;
        inFlight++;
        DeviceMemory.writeU16(avail, availEntry(availIdx & (size - 1)), head);
        availIdx = (availIdx + 1) & 0xFFFF;
        return head;
    }

    /** Makes every chain added so far visible to the device (a release store of {@code avail.idx}). */
    public void publish() {
        for (int i = 0; i < unpublishedCount; i++) state[unpublished[i]] = PUBLISHED;
        unpublishedCount = 0;
        DeviceMemory.u16Release(avail, AVAIL_IDX, availIdx);
    }

    /**
     * Takes the next chain the device has finished with and frees its descriptors.
     *
     * @return the used chain; WOULD_BLOCK when there is none yet; PROTOCOL_ERROR once the device has written
     *     something impossible (see {@link #brokenReason()})
     */
    public Result<Used> poll() {
        if (broken()) return Result.error(Status.PROTOCOL_ERROR);
        if (pendingUsed == 0) {
            int idx = DeviceMemory.u16Acquire(used, USED_IDX);
            int ahead = (idx - lastUsed) & 0xFFFF;
            if (ahead > inFlight) return breakWith("used.idx " + idx + " is " + ahead + " ahead, " + inFlight + " in flight");
            pendingUsed = ahead;
            if (ahead == 0) return Result.error(Status.WOULD_BLOCK);
        }
        long at = usedEntry(lastUsed & (size - 1));
        long id = Integer.toUnsignedLong(DeviceMemory.readI32(used, at + USED_ELEM_ID));
        long length = Integer.toUnsignedLong(DeviceMemory.readI32(used, at + USED_ELEM_LEN));
        if (id >= size || state[(int) id] != PUBLISHED) return breakWith("used entry names descriptor " + id + ", which is not in flight");
        int head = (int) id;
        if (length > writableBytes[head]) return breakWith("used length " + length + " exceeds the " + writableBytes[head] + " writable bytes of chain " + head);
        lastUsed = (lastUsed + 1) & 0xFFFF;
        pendingUsed--;
        release(head);
        return Result.ok(new Used(head, (int) length));
    }

    /** Asks the device not to interrupt when it uses buffers (a hint: the device may still interrupt). */
    public void suppressInterrupts(boolean suppress) {
        DeviceMemory.u16Release(avail, AVAIL_FLAGS, suppress ? AVAIL_F_NO_INTERRUPT : 0);
    }

    private void writeDescriptor(int id, Buffer b, int next, boolean more) {
        long at = descOffset(id);
        DeviceMemory.writeU64(desc, at + DESC_ADDR, b.iova());
        DeviceMemory.writeI32(desc, at + DESC_LEN, b.length());
        DeviceMemory.writeU16(desc, at + DESC_FLAGS, (more ? DESC_F_NEXT : 0) | (b.deviceWritable() ? DESC_F_WRITE : 0));
        DeviceMemory.writeU16(desc, at + DESC_NEXT, next);
    }

    /** Returns a chain's descriptors to the free list, following our own copy of the links. */
    private void release(int head) {
        int id = head;
        for (int i = 1; i < chainLength[head]; i++) id = nextFree[id];
        nextFree[id] = freeHead;
        freeHead = head;
        freeCount += chainLength[head];
        state[head] = FREE;
        inFlight--;
    }

    private Result<Used> breakWith(String reason) {
        brokenReason = reason;
        return Result.error(Status.PROTOCOL_ERROR);
    }
}
