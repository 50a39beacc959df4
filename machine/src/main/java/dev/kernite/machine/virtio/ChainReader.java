package dev.kernite.machine.virtio;

import static dev.kernite.abi.device.VirtqLayout.*;

import dev.kernite.kernel.device.Dma;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one descriptor chain out of the driver's descriptor table, checking everything: the table is the
 * driver's memory and may change while it is read, so each descriptor is read exactly once into a local record
 * and only the record is used. Rule breaks that leave the chain's end findable (a zero-length, oversized or
 * indirect buffer, readable after writable, too many buffers) become the chain's fault; an id out of range or
 * a chain longer than the queue (a loop) ends the walk with no buffers at all.
 *
 * <p>Thread safety: used by the device thread only.
 */
final class ChainReader {
    private final Dma dma;
    private final MemorySegment table;
    private final int size;
    private final QueueLimits limits;

    ChainReader(Dma dma, MemorySegment table, int size, QueueLimits limits) {
        this.dma = dma;
        this.table = table;
        this.size = size;
        this.limits = limits;
    }

    /**
     * The chain starting at {@code head} (which the caller checked is below the queue size).
     *
     * @throws IllegalStateException the descriptor table's memory is gone (the queue is then broken)
     */
    Chain read(int head) {
        List<Chain.Buffer> buffers = new ArrayList<>();
        String fault = null;
        boolean sawWritable = false;
        int id = head;
        while (true) {
            if (buffers.size() == size) return broken(head, "chain from " + head + " is longer than the queue (a loop?)");
            long at = descOffset(id);
            long addr = DriverMemory.u64(table, at + DESC_ADDR);
            long len = DriverMemory.u32(table, at + DESC_LEN);
            int flags = DriverMemory.u16(table, at + DESC_FLAGS);
            int next = DriverMemory.u16(table, at + DESC_NEXT);
            boolean writable = (flags & DESC_F_WRITE) != 0;
            if (fault == null) fault = check(id, addr, len, flags, !writable && sawWritable);
            sawWritable |= writable;
            buffers.add(new Chain.Buffer(addr, len, writable, null));
            if ((flags & DESC_F_NEXT) == 0) break;
            if (next >= size) return broken(head, "descriptor " + id + " links to " + next + ", past the queue size " + size);
            id = next;
        }
        if (fault == null && buffers.size() > limits.maxBuffers()) {
            fault = buffers.size() + " buffers in one chain, at most " + limits.maxBuffers();
        }
        return new Chain(head, fault == null ? mapped(buffers) : buffers, fault, dma);
    }

    private String check(int id, long addr, long len, int flags, boolean readableAfterWritable) {
        if ((flags & DESC_F_INDIRECT) != 0) return "descriptor " + id + " is indirect, which was not negotiated";
        if (len == 0) return "descriptor " + id + " has length 0";
        if (len > limits.maxBufferBytes()) return "descriptor " + id + " has " + len + " bytes, at most " + limits.maxBufferBytes();
        if (addr < 0 || len - 1 > Long.MAX_VALUE - addr) return "descriptor " + id + " address " + QueueConfig.hex(addr) + " out of range";
        if (readableAfterWritable) return "descriptor " + id + " is device-readable after a device-writable one";
        return null;
    }

    private List<Chain.Buffer> mapped(List<Chain.Buffer> buffers) {
        List<Chain.Buffer> out = new ArrayList<>(buffers.size());
        for (Chain.Buffer b : buffers) {
            out.add(new Chain.Buffer(b.iova(), b.length(), b.writable(), Windows.map(dma, b.iova(), b.length(), b.writable())));
        }
        return out;
    }

    private Chain broken(int head, String why) {
        return new Chain(head, List.of(), why, dma);
    }
}
