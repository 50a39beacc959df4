package dev.kernite.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A shared mapping of a file descriptor (mmap MAP_SHARED). The segment belongs to a shared arena: after
 * {@link #close()} any access through it throws IllegalStateException instead of touching unmapped memory.
 *
 * <p>Thread safety: thread-safe; {@link #close()} is idempotent.
 */
public final class Mapping implements AutoCloseable {
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    private static final long MAP_FAILED = -1;

    private final Arena arena;
    private final MemorySegment segment;
    private final long size;
    private boolean closed; // guarded by this

    private Mapping(Arena arena, MemorySegment segment, long size) {
        this.arena = arena;
        this.segment = segment;
        this.size = size;
    }

    public static Mapping map(int fd, long size, boolean writable) {
        return mapRange(fd, 0, size, writable);
    }

    /** Maps {@code size} bytes from {@code offset} (a multiple of the page size). */
    public static Mapping mapRange(int fd, long offset, long size, boolean writable) {
        if (size <= 0 || offset < 0 || (offset & 4095) != 0) throw new IllegalArgumentException("offset " + offset + " size " + size);
        long addr;
        try {
            addr = (long) Libc.MMAP.invokeExact(Libc.captured(), 0L, size, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, offset);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (addr == MAP_FAILED) throw SysException.last("mmap");
        Arena arena = Arena.ofShared();
        MemorySegment seg = MemorySegment.ofAddress(addr).reinterpret(size, arena, s -> unmap(addr, size));
        return new Mapping(arena, seg, size);
    }

    private static void unmap(long addr, long size) {
        try {
            int unused = (int) Libc.MUNMAP.invokeExact(Libc.captured(), addr, size);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public MemorySegment segment() { return segment; }

    public long size() { return size; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        arena.close();
    }
}
