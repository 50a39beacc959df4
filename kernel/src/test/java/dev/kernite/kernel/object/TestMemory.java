package dev.kernite.kernel.object;

import dev.kernite.abi.control.ProcessSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared memory a test allocated, closed by {@link #close} (from {@code @AfterEach}) even when the test failed.
 * Memory that an object under test freed itself is {@link #forget forgotten} first: closing it again would close
 * its descriptor number a second time, possibly someone else's by then.
 *
 * <p>Thread safety: confined to the test thread.
 */
final class TestMemory implements AutoCloseable {
    private final List<SharedMemory> open = new ArrayList<>();

    SharedMemory allocate(String name, long size) {
        SharedMemory m = SharedMemory.allocate(name, size);
        open.add(m);
        return m;
    }

    /** {@code m} was closed by the code under test. */
    void forget(SharedMemory m) {
        open.removeIf(x -> x == m);
    }

    int openCount() { return open.size(); }

    @Override
    public void close() {
        for (SharedMemory m : open.reversed()) m.close();
        open.clear();
    }

    static ProcessSpec spec(String name) {
        return new ProcessSpec(name, "kernite.test", "dev.kernite.test.Main", List.of(), 0, 0, List.of(), List.of());
    }

    static ProcessObject process(int id, String name) {
        return new ProcessObject(id, spec(name), 1000L + id);
    }
}
