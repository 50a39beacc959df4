package dev.kernite.kernel.object;

import dev.kernite.abi.NotificationLayout;
import dev.kernite.kernel.device.DeviceBus;
import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.Dma;
import dev.kernite.sys.Futex;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device of the machine as the kernel knows it: a register region, an interrupt line (a notification the
 * kernel owns and hands to drivers) and an IOMMU table. What the device does is its {@link DeviceModel}'s
 * business; the model reaches memory only through {@link #window}, which sees only what drivers mapped.
 *
 * <p>Thread safety: the table is changed only under the kernel lock and published as an immutable array, so
 * device threads translate addresses without the lock. {@link #interrupt} is lock-free.
 */
public final class DeviceObject implements KObject, DeviceBus, Dma {
    /** IOMMU entries per device at most. */
    public static final int MAX_MAPPINGS = 1024;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final int id;
    private final DeviceModel model;
    private final SharedMemory registers;
    private final NotificationObject irq;
    private volatile DmaMapping[] table = new DmaMapping[0];  // sorted by iova; replaced under the kernel lock
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong interrupts = new AtomicLong();

    public DeviceObject(int id, DeviceModel model, SharedMemory registers, NotificationObject irq) {
        this.id = id;
        this.model = model;
        this.registers = registers;
        this.irq = irq;
        irq.acquire(); // the device's own hold: the line lives as long as the device
    }

    @Override public int id() { return id; }
    public DeviceModel model() { return model; }
    public String name() { return model.name(); }
    public SharedMemory registerMemory() { return registers; }
    public NotificationObject irq() { return irq; }
    public long faults() { return faults.get(); }
    public long interrupts() { return interrupts.get(); }

    // ---------------------------------------------------------------- the model's view (any thread)

    @Override public MemorySegment registers() { return registers.segment(); }

    @Override public Dma dma() { return this; }

    @Override
    public void interrupt(int bits) {
        MemorySegment word = irq.memory().segment();
        interrupts.incrementAndGet();
        INT.getAndBitwiseOr(word, NotificationLayout.BITS_OFFSET, bits);
        VarHandle.fullFence();
        if ((int) INT.getVolatile(word, NotificationLayout.WAITERS_OFFSET) != 0) {
            Futex.wake(word, NotificationLayout.BITS_OFFSET, Integer.MAX_VALUE);
        }
    }

    @Override
    public MemorySegment window(long iova, long length, boolean write) {
        DmaMapping m = find(table, iova);
        if (m == null || length <= 0 || !m.covers(iova, length) || (write && !m.writable())) {
            faults.incrementAndGet();
            return null;
        }
        DataspaceObject v = m.view();
        return v.memory().memory().segment().asSlice(v.offset() + (iova - m.iova()), length);
    }

    private static DmaMapping find(DmaMapping[] t, long iova) {
        int lo = 0, hi = t.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            DmaMapping m = t[mid];
            if (iova < m.iova()) hi = mid - 1;
            else if (iova - m.iova() >= m.length()) lo = mid + 1;
            else return m;
        }
        return null;
    }

    // ---------------------------------------------------------------- the kernel's side (kernel lock held)

    public List<DmaMapping> mappings() { return List.of(table); }

    /** Whether a new entry at {@code [iova, iova + length)} would overlap one already there. */
    public boolean overlaps(long iova, long length) {
        for (DmaMapping m : table) if (m.overlaps(iova, length)) return true;
        return false;
    }

    public boolean isFull() { return table.length >= MAX_MAPPINGS; }

    /** Adds an entry; the caller checked it does not overlap and that there is room. */
    public void map(DmaMapping m) {
        DmaMapping[] t = Arrays.copyOf(table, table.length + 1);
        t[t.length - 1] = m;
        Arrays.sort(t, Comparator.comparingLong(DmaMapping::iova));
        table = t;
    }

    /** Removes the entry that starts at {@code iova}; false when there is none. */
    public boolean unmap(long iova) {
        return removeIf(m -> m.iova() == iova) > 0;
    }

    /** Removes every entry that reaches memory through {@code view}; returns how many. */
    public int unmapView(DataspaceObject view) {
        return removeIf(m -> m.view() == view);
    }

    /** How many entries use {@code view}. */
    public int mappingsOf(DataspaceObject view) {
        int n = 0;
        for (DmaMapping m : table) if (m.view() == view) n++;
        return n;
    }

    private int removeIf(java.util.function.Predicate<DmaMapping> p) {
        List<DmaMapping> keep = new ArrayList<>();
        for (DmaMapping m : table) if (!p.test(m)) keep.add(m);
        int removed = table.length - keep.size();
        if (removed > 0) table = keep.toArray(new DmaMapping[0]);
        return removed;
    }
}
