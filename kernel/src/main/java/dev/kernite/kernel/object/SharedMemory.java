package dev.kernite.kernel.object;

import dev.kernite.sys.Fd;
import dev.kernite.sys.Mapping;
import dev.kernite.sys.Memfd;
import java.lang.foreign.MemorySegment;

/**
 * A sealed memfd the kernel created, with the kernel's own mapping of it. The fd is what the kernel hands to
 * processes (they map it themselves); the mapping is how the kernel initialises the memory and, later, marks a
 * channel dead and wakes its waiters. The seals forbid shrinking, so no process can make another's mapping fault.
 *
 * <p>Thread safety: guarded by the kernel lock; {@link #close} is idempotent.
 */
public final class SharedMemory implements AutoCloseable {
    private final int fd;
    private final Mapping mapping;
    private boolean closed;

    private SharedMemory(int fd, Mapping mapping) {
        this.fd = fd;
        this.mapping = mapping;
    }

    /** Allocates zeroed memory; throws {@link dev.kernite.sys.SysException} when the host refuses. */
    public static SharedMemory allocate(String name, long size) {
        int fd = Memfd.create(name, size);
        try {
            return new SharedMemory(fd, Mapping.map(fd, size, true));
        } catch (RuntimeException e) {
            Fd.closeQuietly(fd);
            throw e;
        }
    }

    public int fd() { return fd; }

    public MemorySegment segment() { return mapping.segment(); }

    public long size() { return mapping.size(); }

    /** Unmaps and closes the fd, once: a second close must not close a descriptor number reused meanwhile. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        mapping.close();
        Fd.closeQuietly(fd);
    }
}
