package dev.kernite.kernel.object;

import dev.kernite.abi.Rights;
import java.util.ArrayList;
import java.util.List;

/**
 * One capability's view of a dataspace: a page-aligned range of a {@link DataspaceMemory} with rights. The view
 * the owner got from allocating is the root; every grant or transfer derives a child view for the receiver, so
 * the views form a derivation tree (as seL4's) and revoking a view destroys every view derived from it, in
 * whatever process holds them. Each view is held by exactly one capability.
 *
 * <p>Thread safety: guarded by the kernel lock.
 */
public final class DataspaceObject implements KObject {
    /**
     * How deep grants may chain (a grant of a grant of …). Bounds the kernel's work — and stack — when a revoke
     * walks the tree, whatever two colluding processes do.
     */
    public static final int MAX_DEPTH = 16;

    private final int id;
    private final int depth;
    private final DataspaceMemory memory;
    private final long offset;
    private final long length;
    private final int rights;
    private final DataspaceObject parent;
    private final List<DataspaceObject> children = new ArrayList<>();
    private ProcessObject holder;
    private int handle;
    private boolean alive = true;

    private DataspaceObject(int id, DataspaceMemory memory, long offset, long length, int rights, DataspaceObject parent) {
        this.id = id;
        this.memory = memory;
        this.offset = offset;
        this.length = length;
        this.rights = rights;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** The owner's view of newly allocated memory: all of it, READ|WRITE|GRANT. */
    public static DataspaceObject root(int id, DataspaceMemory memory) {
        return new DataspaceObject(id, memory, 0, memory.size(), Rights.READ | Rights.WRITE | Rights.GRANT, null);
    }

    /**
     * A child view of {@code [offset, offset + length)} relative to this view, with rights restricted. The caller
     * checked the range lies inside this view and is page-aligned.
     */
    public DataspaceObject derive(int id, long offset, long length, int rights) {
        if (!canDerive()) throw new IllegalStateException("derivation deeper than " + MAX_DEPTH + "; callers check canDerive()");
        DataspaceObject child = new DataspaceObject(id, memory, this.offset + offset, length, Rights.restrict(this.rights, rights), this);
        children.add(child);
        return child;
    }

    /** Records which capability holds this view, so a revoke can take it out of the holder's table. */
    public void heldBy(ProcessObject p, int handle) {
        this.holder = p;
        this.handle = handle;
    }

    @Override public int id() { return id; }
    public DataspaceMemory memory() { return memory; }
    /** Start of the range within the memory. */
    public long offset() { return offset; }
    public long length() { return length; }
    public int rights() { return rights; }
    public boolean isRoot() { return parent == null; }

    /** Whether a view may be derived from this one ({@link #MAX_DEPTH}). */
    public boolean canDerive() { return depth < MAX_DEPTH; }
    public boolean isAlive() { return alive; }
    public ProcessObject holder() { return holder; }
    public int handle() { return handle; }
    public List<DataspaceObject> children() { return children; }

    /** Whether {@code [offset, offset + length)} relative to this view lies inside it. */
    public boolean contains(long offset, long length) {
        return offset >= 0 && length > 0 && offset <= this.length && length <= this.length - offset;
    }

    /**
     * Marks this view dead and detaches it from its parent; frees the memory when this is the root. The caller
     * destroys the children first and removes device mappings that use this view. Returns bytes given back to
     * the owner's quota (the memory's size for a root, else 0).
     */
    public long destroy() {
        alive = false;
        if (parent != null) {
            parent.children.remove(this);
            return 0;
        }
        memory.free();
        return memory.size();
    }
}
