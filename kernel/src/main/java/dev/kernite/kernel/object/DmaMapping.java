package dev.kernite.kernel.object;

/**
 * One IOMMU entry: I/O addresses {@code [iova, iova + length)} of a device reach the range of {@code view}.
 * Immutable; a device's table is replaced as a whole when an entry comes or goes.
 */
public record DmaMapping(long iova, long length, DataspaceObject view, boolean writable) {
    /** Whether {@code [addr, addr + len)} lies inside this entry. */
    boolean covers(long addr, long len) {
        return addr >= iova && len >= 0 && addr - iova <= length && len <= length - (addr - iova);
    }

    boolean overlaps(long otherIova, long otherLength) {
        return otherIova < iova + length && iova < otherIova + otherLength;
    }
}
