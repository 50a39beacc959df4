package dev.kernite.runtime;

import dev.kernite.abi.Status;
import dev.kernite.sys.Mapping;
import java.lang.foreign.MemorySegment;

/**
 * Memory shared through the kernel: a dataspace this process allocated ({@link Env#allocate}) or was granted
 * ({@link Env#mapDataspace}), mapped into this process. Bulk data moves this way — a client grants a buffer once,
 * then only offsets travel in messages and the server reads or writes the buffer in place.
 *
 * <p>A granted dataspace can be taken back by its granter at any moment ({@link #revoke} on their side): the
 * mapping is then closed, and any access through {@link #segment} throws {@link IllegalStateException}. Code that
 * works on granted memory must treat that exception as "the client withdrew the buffer".
 *
 * <p>Thread safety: thread-safe; the memory itself is shared with other processes and carries no ordering of its
 * own — protocols order it with their messages.
 */
public final class Dataspace implements AutoCloseable {
    private final Env env;
    private final int handle;
    private final int rights;
    private final Mapping mapping;
    private volatile boolean closed;

    Dataspace(Env env, int handle, int rights, Mapping mapping) {
        this.env = env;
        this.handle = handle;
        this.rights = rights;
        this.mapping = mapping;
    }

    /** The capability's handle in this process. */
    public int handle() { return handle; }

    /** Size of the mapped range in bytes (whole pages). */
    public long size() { return mapping.size(); }

    /** The capability's rights ({@code dev.kernite.abi.Rights}). */
    public int rights() { return rights; }

    /** Whether the mapping may be written (the capability has WRITE); a read-only segment refuses writes. */
    public boolean writable() { return !mapping.segment().isReadOnly(); }

    /** The mapped memory. Accesses throw IllegalStateException once the dataspace is closed or revoked. */
    public MemorySegment segment() { return mapping.segment(); }

    /** Whether it was closed here or revoked by its granter. */
    public boolean isClosed() { return closed; }

    /**
     * Grants {@code [offset, offset + length)} (page-aligned) of this dataspace to the process at the other end
     * of {@code viaChannel}, with at most {@code rights}. Returns the handle the receiver knows it by.
     */
    public Result<Integer> grant(long offset, long length, int rights, int viaChannel) {
        return env.grantDataspace(handle, offset, length, rights, viaChannel);
    }

    /** Takes back every grant made from this dataspace, in every process (their mappings close). */
    public Status revoke() {
        return env.revoke(handle);
    }

    /** Unmaps and drops the capability; for the allocating process this frees the memory and revokes all grants. */
    @Override
    public void close() {
        if (unmap()) env.dataspaceClosed(this);
    }

    /** The granter revoked it: unmap only (the kernel already dropped the capability). */
    void revoked() { unmap(); }

    private synchronized boolean unmap() {
        if (closed) return false;
        closed = true;
        mapping.close();
        return true;
    }

    @Override
    public String toString() { return "Dataspace[handle=" + handle + ", " + size() + " bytes" + (closed ? ", closed" : "") + "]"; }
}
