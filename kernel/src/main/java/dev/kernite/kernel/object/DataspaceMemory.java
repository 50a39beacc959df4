package dev.kernite.kernel.object;

import dev.kernite.sys.Fd;

/**
 * The memory behind a tree of dataspace capabilities: one sealed memfd, charged to the process that allocated it
 * until its root capability is destroyed. The kernel's own mapping of it is how devices reach it (through the
 * IOMMU); processes map the memfd themselves.
 *
 * <p>Thread safety: guarded by the kernel lock; the mapping itself may be read by device threads while it lives.
 */
public final class DataspaceMemory {
    private final int id;
    private final SharedMemory memory;
    private final ProcessObject owner;
    private int readOnlyFd = -1;

    public DataspaceMemory(int id, SharedMemory memory, ProcessObject owner) {
        this.id = id;
        this.memory = memory;
        this.owner = owner;
    }

    public int id() { return id; }
    public SharedMemory memory() { return memory; }
    public ProcessObject owner() { return owner; }
    public long size() { return memory.size(); }

    /** A read-only descriptor of the memfd, made on first use; throws SysException when the host refuses. */
    public int readOnlyFd() {
        if (readOnlyFd < 0) readOnlyFd = Fd.reopenReadOnly(memory.fd());
        return readOnlyFd;
    }

    /** Unmaps it from the kernel and closes its descriptors; the owner's quota is given back by the caller. */
    void free() {
        Fd.closeQuietly(readOnlyFd);
        readOnlyFd = -1;
        memory.close();
    }
}
