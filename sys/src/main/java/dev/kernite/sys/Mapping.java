package dev.kernite.sys;

import static dev.kernite.sys.SyscallNumbers.SYS_MMAP;
import static dev.kernite.sys.SyscallNumbers.SYS_MUNMAP;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A shared mapping of a file descriptor (mmap MAP_SHARED). The segment belongs to its own shared arena: after
 * {@link #close()} every access through it, on any thread, throws IllegalStateException instead of touching
 * unmapped memory; the memory is unmapped when the arena closes.
 *
 * <p>The mapping holds the memory, not the descriptor: the fd may be closed right after {@link #map}. Mapping
 * checks that the range lies inside the file (touching a page past its end would raise SIGBUS in this JVM);
 * that stays true only for files that cannot shrink, so map descriptors from elsewhere only after
 * {@link Memfd#isSealedAgainstShrink}.
 *
 * <p>Thread safety: thread-safe; {@link #close()} is idempotent.
 */
@SuppressWarnings("restricted") // raw addresses from the host are this module's business
public final class Mapping implements AutoCloseable {
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    private static final long MAP_FAILED = -1, PAGE = 4096;

    private final Arena arena;
    private final MemorySegment segment;
    private final long size;
    private boolean closed; // guarded by this

    private Mapping(Arena arena, MemorySegment segment, long size) {
        this.arena = arena;
        this.segment = segment;
        this.size = size;
    }

    /** Maps the first {@code size} bytes of {@code fd}, read-only or read-write. */
    public static Mapping map(int fd, long size, boolean writable) {
        return mapRange(fd, 0, size, writable);
    }

    /**
     * Maps {@code size} bytes from {@code offset} (a multiple of the 4 KiB page size).
     *
     * @throws IllegalArgumentException a size that is not positive or an offset that is negative or unaligned
     * @throws SysException the range reaches past the end of the file (EINVAL), or mmap failed
     */
    public static Mapping mapRange(int fd, long offset, long size, boolean writable) {
        if (size <= 0 || offset < 0 || (offset & (PAGE - 1)) != 0) {
            throw new IllegalArgumentException("offset " + offset + " size " + size);
        }
        long fileSize = Memfd.size(fd);
        if (offset > fileSize || size > fileSize - offset) {
            throw new SysException("mmap", Errno.EINVAL, "range " + offset + "+" + size + " past end of file (" + fileSize + ")");
        }
        long addr = Libc.syscall(SYS_MMAP, 0, size, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, offset);
        if (addr == MAP_FAILED) throw SysException.last("mmap");
        Arena arena = Arena.ofShared();
        MemorySegment seg = MemorySegment.ofAddress(addr).reinterpret(size, arena, s -> unmap(addr, size));
        // A read-only segment makes a stray write an exception instead of a SIGSEGV that would kill the JVM.
        return new Mapping(arena, writable ? seg : seg.asReadOnly(), size);
    }

    /** Runs as the arena's clean-up, after no thread can reach the segment any more. */
    private static void unmap(long addr, long size) {
        Libc.syscall(SYS_MUNMAP, addr, size); // fails only for bad arguments
    }

    /** The mapped memory; unusable (IllegalStateException) once the mapping is closed. */
    public MemorySegment segment() { return segment; }

    public long size() { return size; }

    /** Unmaps the memory. Idempotent; after it, access through {@link #segment()} throws IllegalStateException. */
    @Override
    public synchronized void close() {
        if (closed) return;
        arena.close();
        closed = true;
    }
}
