package dev.kernite.machine.virtio;

import dev.kernite.kernel.device.Dma;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One request as the device took it off the available ring: a descriptor chain, read once and checked, whose
 * buffers were then mapped through the IOMMU. Requests end in a one-byte device-writable status (the last byte of
 * the chain's last buffer), as block requests do.
 *
 * <p>A chain has a {@link #fault()} when the driver broke a rule (a zero-length or oversized buffer, an indirect
 * descriptor, a readable buffer after a writable one, too many buffers); its status may still be reachable, so
 * the request can fail cleanly. A chain whose end could not be found (a loop, an id out of range) has no buffers
 * and no status. A buffer the IOMMU refused has a null window.
 *
 * <p>Thread safety: immutable, used by the device thread.
 */
public final class Chain {
    /**
     * One descriptor as read.
     *
     * @param window the buffer's memory, or null when the IOMMU refused it (or the chain has a fault)
     */
    public record Buffer(long iova, long length, boolean writable, MemorySegment window) {}

    private final int head;
    private final List<Buffer> buffers;
    private final String fault;
    private final Dma dma;

    Chain(int head, List<Buffer> buffers, String fault, Dma dma) {
        this.head = head;
        this.buffers = List.copyOf(buffers);
        this.fault = fault;
        this.dma = dma;
    }

    /** The head descriptor id: the id the used entry names. */
    public int head() { return head; }

    public List<Buffer> buffers() { return buffers; }

    /** Why the driver's chain breaks the rules, or null. */
    public String fault() { return fault; }

    /**
     * The status byte: the chain's last byte, mapped for writing on its own (so a request whose data the IOMMU
     * refuses can still fail cleanly). Null when the chain has no end, ends in a device-readable buffer, or the
     * IOMMU refuses that byte.
     */
    public MemorySegment statusByte() {
        if (buffers.isEmpty()) return null;
        Buffer last = buffers.getLast();
        if (!last.writable() || last.iova() < 0 || last.length() < 1 || last.length() - 1 > Long.MAX_VALUE - last.iova()) return null;
        if (last.window() != null) return last.window().asSlice(last.length() - 1, 1);
        return Windows.map(dma, last.iova() + last.length() - 1, 1, true);
    }

    /** The device-readable buffers in order, or null when any of them is unmapped or the chain has a fault. */
    public List<MemorySegment> readable() {
        if (fault != null) return null;
        List<MemorySegment> out = new ArrayList<>();
        for (Buffer b : buffers) {
            if (b.writable()) break;
            if (b.window() == null) return null;
            out.add(b.window());
        }
        return out;
    }

    /**
     * Every buffer in order, all of them device-writable (a receive buffer), or null when the chain has a fault,
     * a device-readable buffer, or a buffer the IOMMU refused.
     */
    public List<MemorySegment> writableOnly() {
        if (fault != null || buffers.isEmpty()) return null;
        List<MemorySegment> out = new ArrayList<>(buffers.size());
        for (Buffer b : buffers) {
            if (!b.writable() || b.window() == null) return null;
            out.add(b.window());
        }
        return out;
    }

    /**
     * Every buffer in order, all of them device-readable (a transmit buffer), or null when the chain has a fault,
     * a device-writable buffer, or a buffer the IOMMU refused.
     */
    public List<MemorySegment> readableOnly() {
        if (fault != null || buffers.isEmpty()) return null;
        List<MemorySegment> out = new ArrayList<>(buffers.size());
        for (Buffer b : buffers) {
            if (b.writable() || b.window() == null) return null;
            out.add(b.window());
        }
        return out;
    }

    /**
     * The device-writable buffers in order without the status byte, or null when any of them is unmapped or the
     * chain has a fault.
     */
    public List<MemorySegment> writable() {
        if (fault != null) return null;
        List<MemorySegment> out = new ArrayList<>();
        for (int i = 0; i < buffers.size(); i++) {
            Buffer b = buffers.get(i);
            if (!b.writable()) continue;
            boolean last = i == buffers.size() - 1;
            long data = last ? b.length() - 1 : b.length();
            if (data == 0) continue;
            if (b.window() == null) return null;
            out.add(last ? b.window().asSlice(0, data) : b.window());
        }
        return out;
    }
}
