package dev.kernite.kernel.object;

import dev.kernite.abi.NotificationLayout;
import dev.kernite.sys.Futex;
import java.lang.foreign.ValueLayout;

/**
 * A word of bits in shared memory. Holders signal and wait on it in user space; the kernel signals it for
 * death notices. Freed when the last capability to it is dropped.
 *
 * <p>Thread safety: guarded by the kernel lock (the bits themselves are updated atomically, since processes
 * touch them without the kernel).
 */
public final class NotificationObject implements KObject {
    private final int id;
    private final SharedMemory memory;
    private int holders;

    public NotificationObject(int id, SharedMemory memory) {
        this.id = id;
        this.memory = memory;
        memory.segment().set(ValueLayout.JAVA_INT, NotificationLayout.MAGIC_OFFSET, NotificationLayout.MAGIC);
        memory.segment().set(ValueLayout.JAVA_INT, NotificationLayout.VERSION_OFFSET, NotificationLayout.VERSION);
    }

    @Override public int id() { return id; }
    public SharedMemory memory() { return memory; }

    /** Sets bits and wakes waiters. */
    public void signal(int bits) {
        if (holders == 0) return;
        SharedWords.getAndOrInt(memory.segment(), NotificationLayout.BITS_OFFSET, bits);
        Futex.wake(memory.segment(), NotificationLayout.BITS_OFFSET, Integer.MAX_VALUE);
    }

    public void acquire() { holders++; }

    /** Drops one holder; frees the memory with the last. Returns true when freed. */
    public boolean release() {
        if (--holders > 0) return false;
        memory.close();
        return true;
    }
}
