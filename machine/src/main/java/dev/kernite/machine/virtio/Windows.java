package dev.kernite.machine.virtio;

import dev.kernite.kernel.device.Dma;
import java.lang.foreign.MemorySegment;

/**
 * The one way the device maps driver memory: {@link Dma#window}, with every way it can refuse folded into null.
 *
 * <p>Thread safety: stateless.
 */
final class Windows {
    private Windows() {}

    /** {@code [iova, iova + length)} for the access asked, or null when the IOMMU refuses any byte of it. */
    static MemorySegment map(Dma dma, long iova, long length, boolean write) {
        if (iova < 0 || length < 1 || length - 1 > Long.MAX_VALUE - iova) return null;
        try {
            MemorySegment w = dma.window(iova, length, write);
            return w != null && w.byteSize() == length && !(write && w.isReadOnly()) ? w : null;
        } catch (RuntimeException e) { // a dataspace destroyed under us: the same as unmapped
            return null;
        }
    }
}
