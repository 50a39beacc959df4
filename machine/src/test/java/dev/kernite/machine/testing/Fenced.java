package dev.kernite.machine.testing;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Memory mapped for a device between two sentinel pages that are not mapped (see {@link FakeDma#mapFenced}).
 * A device that stays inside its IOMMU windows never changes a sentinel.
 *
 * @param all     sentinel page, mapped part, sentinel page
 * @param pattern what the memory was filled with
 */
public record Fenced(MemorySegment all, byte pattern) {
    public static final int PAGE = 4096;

    public MemorySegment mapped() { return all.asSlice(PAGE, all.byteSize() - 2 * PAGE); }

    /** Where a sentinel was changed, or null when both are intact. */
    public String sentinelDamage() {
        long below = firstChange(all.asSlice(0, PAGE), pattern);
        long above = firstChange(all.asSlice(all.byteSize() - PAGE, PAGE), pattern);
        if (below >= 0) return "sentinel below, byte " + below;
        return above >= 0 ? "sentinel above, byte " + above : null;
    }

    /** The offset of the first byte of {@code m} that is not {@code pattern}, or -1. */
    public static long firstChange(MemorySegment m, byte pattern) {
        for (long i = 0; i < m.byteSize(); i++) {
            if (m.get(ValueLayout.JAVA_BYTE, i) != pattern) return i;
        }
        return -1;
    }
}
