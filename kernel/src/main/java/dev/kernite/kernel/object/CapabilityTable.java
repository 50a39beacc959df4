package dev.kernite.kernel.object;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's capability table. A handle encodes a slot index and the slot's generation, so a handle that was
 * closed, or one merely guessed, names nothing ({@link Status#INVALID_HANDLE}) even when its slot is reused.
 *
 * <pre>
 *   handle (i32, always &gt; 0):  0 │ generation (19 bits) │ index (12 bits)
 * </pre>
 *
 * <p>Thread safety: not thread-safe; guarded by the kernel lock.
 */
public final class CapabilityTable {
    public static final int CAPACITY = 4096;
    private static final int INDEX_BITS = 12;
    private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    private static final int GENERATION_MASK = (1 << 19) - 1;

    private final Capability[] slots = new Capability[CAPACITY];
    private final int[] generations = new int[CAPACITY];
    private int count;
    private int nextFree;

    /** The result of a lookup: the capability, or the reason there is none usable. */
    public sealed interface Lookup {
        record Found(Capability cap) implements Lookup { }
        record Denied(Status status) implements Lookup { }
    }

    /**
     * Looks a handle up, requiring its type and rights in the same step: INVALID_HANDLE when it names nothing,
     * WRONG_TYPE, or ACCESS_DENIED when a needed right is missing.
     */
    public Lookup lookup(int handle, CapType type, int neededRights) {
        Capability cap = get(handle);
        if (cap == null) return new Lookup.Denied(Status.INVALID_HANDLE);
        if (cap.type() != type) return new Lookup.Denied(Status.WRONG_TYPE);
        if (!Rights.includes(cap.rights(), neededRights)) return new Lookup.Denied(Status.ACCESS_DENIED);
        return new Lookup.Found(cap);
    }

    /** The capability a handle names, or null. */
    public Capability get(int handle) {
        if (handle <= 0) return null;
        int index = handle & INDEX_MASK;
        int generation = (handle >>> INDEX_BITS) & GENERATION_MASK;
        Capability cap = slots[index];
        return cap != null && generations[index] == generation ? cap : null;
    }

    /** True when an insert would succeed. */
    public boolean hasRoom() { return count < CAPACITY - 1; }

    /** Inserts and returns the new handle; the caller checked {@link #hasRoom()} (so this cannot fail). */
    public int insert(Capability cap) {
        if (!hasRoom()) throw new IllegalStateException("capability table full; callers must check hasRoom()");
        int index = nextFree;
        while (slots[index] != null || index == 0) index = (index + 1) & INDEX_MASK;
        slots[index] = cap;
        generations[index] = (generations[index] + 1) & GENERATION_MASK;
        if (generations[index] == 0) generations[index] = 1;
        nextFree = (index + 1) & INDEX_MASK;
        count++;
        return (generations[index] << INDEX_BITS) | index;
    }

    /** Removes a handle; returns what it named, or null. */
    public Capability remove(int handle) {
        Capability cap = get(handle);
        if (cap != null) {
            slots[handle & INDEX_MASK] = null;
            count--;
        }
        return cap;
    }

    /** Every handle naming {@code object}. */
    public List<Integer> handlesOf(KObject object) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < CAPACITY; i++) {
            if (slots[i] != null && slots[i].object() == object) out.add((generations[i] << INDEX_BITS) | i);
        }
        return out;
    }

    /** Removes everything, returning what was held (for reclamation at death). */
    public List<Capability> clear() {
        List<Capability> out = new ArrayList<>(count);
        for (int i = 1; i < CAPACITY; i++) {
            if (slots[i] != null) out.add(slots[i]);
            slots[i] = null;
        }
        count = 0;
        return out;
    }

    public int size() { return count; }
}
