package dev.kernite.names;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bindings of the names service: service name to an endpoint handle in names' own capability table. A handle
 * is bound under at most one name. Handles are always positive; 0 means "none". The table only records: opening
 * and closing the capabilities is the server's business.
 *
 * <p>Thread safety: not thread-safe; owned by the server's receive loop.
 */
final class NameTable {
    private final TreeMap<String, Integer> handles = new TreeMap<>();
    private final Map<Integer, String> names = new HashMap<>();

    /** The handle bound to {@code name}, or 0. */
    int lookup(String name) {
        return handles.getOrDefault(name, 0);
    }

    /** The name {@code handle} is bound under, or null. */
    String nameOf(int handle) {
        return names.get(handle);
    }

    /**
     * Binds {@code name} to {@code handle} (which must not be bound under another name), replacing an earlier
     * binding of the name.
     *
     * @return the handle the name was bound to before (to be closed by the caller), or 0
     */
    int bind(String name, int handle) {
        String other = names.get(handle);
        if (other != null && !other.equals(name)) throw new IllegalArgumentException(handle + " is bound to " + other);
        Integer old = handles.put(name, handle);
        names.put(handle, name);
        if (old == null || old == handle) return 0;
        names.remove(old);
        return old;
    }

    /** Removes the binding of {@code name}; returns its handle (to be closed by the caller), or 0 if unbound. */
    int unbind(String name) {
        Integer h = handles.remove(name);
        if (h == null) return 0;
        names.remove(h);
        return h;
    }

    /** The bound names in sorted order, from the {@code skip}-th on. */
    List<String> names(int skip) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String n : handles.keySet()) if (i++ >= skip) out.add(n);
        return out;
    }

    int size() { return handles.size(); }
}
