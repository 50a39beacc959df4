package dev.kernite.machine.testing;

import dev.kernite.kernel.device.Dma;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process IOMMU for tests: IOVA ranges mapped to memory the test owns, read-only or device-writable, with
 * holes between them. A window must lie inside one mapping (as with the kernel's); a refused window counts as a
 * fault. A mapping can be destroyed (its memory then throws IllegalStateException, as a vanished dataspace does),
 * or set to vanish right after it hands out its next window.
 *
 * <p>Thread safety: thread-safe.
 */
public final class FakeDma implements Dma, AutoCloseable {
    private record Mapping(long iova, MemorySegment memory, boolean writable, Arena arena, boolean vanishing) {
        boolean covers(long at, long length) {
            return at >= iova && length <= memory.byteSize() && at - iova <= memory.byteSize() - length;
        }
    }

    private final ConcurrentSkipListMap<Long, Mapping> mappings = new ConcurrentSkipListMap<>();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong windows = new AtomicLong();

    /** Maps {@code bytes} of fresh zeroed memory (page-aligned, its own arena) at {@code iova}; returns it. */
    public MemorySegment map(long iova, long bytes, boolean deviceWritable) {
        Arena arena = Arena.ofShared();
        MemorySegment m = arena.allocate(bytes, 4096);
        add(new Mapping(iova, m, deviceWritable, arena, false));
        return m;
    }

    /** Maps memory the caller owns (a slice of something larger, say) at {@code iova}. */
    public void mapExisting(long iova, MemorySegment memory, boolean deviceWritable) {
        add(new Mapping(iova, memory, deviceWritable, null, false));
    }

    /**
     * Memory with a sentinel page on each side, all filled with {@code pattern}; only the middle {@code bytes} are
     * mapped, at {@code iova}.
     */
    public Fenced mapFenced(long iova, long bytes, boolean deviceWritable, byte pattern) {
        Arena arena = Arena.ofShared();
        MemorySegment all = arena.allocate(bytes + 2 * Fenced.PAGE, Fenced.PAGE);
        all.fill(pattern);
        add(new Mapping(iova, all.asSlice(Fenced.PAGE, bytes), deviceWritable, arena, false));
        return new Fenced(all, pattern);
    }

    /**
     * Maps fresh memory that is destroyed right after its first window is handed out: the device then holds a
     * window whose every access throws IllegalStateException.
     */
    public void mapVanishing(long iova, long bytes, boolean deviceWritable) {
        Arena arena = Arena.ofShared();
        add(new Mapping(iova, arena.allocate(bytes, 4096), deviceWritable, arena, true));
    }

    /** Destroys the mapping at {@code iova}: later windows fault, windows already handed out throw. */
    public void destroy(long iova) {
        Mapping m = mappings.remove(iova);
        if (m != null && m.arena() != null) m.arena().close();
    }

    public long faults() { return faults.get(); }

    public long windowsGranted() { return windows.get(); }

    @Override
    public MemorySegment window(long iova, long length, boolean write) {
        Map.Entry<Long, Mapping> e = mappings.floorEntry(iova);
        if (e == null || length <= 0 || !e.getValue().covers(iova, length) || write && !e.getValue().writable()) {
            faults.incrementAndGet();
            return null;
        }
        Mapping m = e.getValue();
        MemorySegment w = m.memory().asSlice(iova - m.iova(), length);
        windows.incrementAndGet();
        if (m.vanishing()) destroy(m.iova());
        return m.writable() ? w : w.asReadOnly();
    }

    @Override
    public void close() {
        for (Long iova : mappings.keySet()) destroy(iova);
    }

    private void add(Mapping m) {
        Map.Entry<Long, Mapping> below = mappings.floorEntry(m.iova() + m.memory().byteSize() - 1);
        if (below != null && below.getKey() + below.getValue().memory().byteSize() > m.iova()) {
            throw new IllegalArgumentException("mapping at " + m.iova() + " overlaps the one at " + below.getKey());
        }
        mappings.put(m.iova(), m);
    }
}
