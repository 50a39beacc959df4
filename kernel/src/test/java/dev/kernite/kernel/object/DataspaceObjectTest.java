package dev.kernite.kernel.object;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.ProcessSpec;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The derivation tree of dataspace views, and the IOMMU table a device reads through. */
class DataspaceObjectTest {
    private final TestMemory memory = new TestMemory();
    private final ProcessObject owner = new ProcessObject(1, new ProcessSpec("p", "m", "C", List.of(), 0, 0, List.of(), List.of()), 1);

    @AfterEach
    void close() { memory.close(); }

    private DataspaceObject root(long size) {
        return DataspaceObject.root(1, new DataspaceMemory(2, memory.allocate("ds", size), owner));
    }

    @Test
    void childrenLieInsideTheirParentAndRightsOnlyShrink() {
        DataspaceObject root = root(4 * 4096);
        DataspaceObject child = root.derive(3, 4096, 2 * 4096, Rights.READ | Rights.WRITE);
        assertEquals(4096, child.offset());
        assertEquals(Rights.READ | Rights.WRITE, child.rights());
        DataspaceObject grandchild = child.derive(4, 4096, 4096, Rights.ALL);
        assertEquals(2 * 4096, grandchild.offset(), "offsets add up");
        assertEquals(Rights.READ | Rights.WRITE, grandchild.rights(), "no right the parent lacks");
        assertTrue(child.contains(0, 2 * 4096));
        assertFalse(child.contains(4096, 2 * 4096), "past the end");
        assertFalse(child.contains(-4096, 4096));
        assertFalse(child.contains(0, 0));
        assertFalse(child.contains(Long.MAX_VALUE, Long.MAX_VALUE), "no overflow");
        assertEquals(List.of(child), root.children());
    }

    @Test
    void derivationIsBoundedInDepth() {
        DataspaceObject v = root(4096);
        for (int i = 0; i < DataspaceObject.MAX_DEPTH; i++) {
            assertTrue(v.canDerive());
            v = v.derive(10 + i, 0, 4096, Rights.READ | Rights.GRANT);
        }
        assertFalse(v.canDerive());
        DataspaceObject last = v;
        assertThrows(IllegalStateException.class, () -> last.derive(99, 0, 4096, Rights.READ));
    }

    @Test
    void destroyingAChildLeavesTheMemoryAndTheRootFreesIt() {
        DataspaceObject root = root(8192);
        DataspaceObject child = root.derive(3, 0, 4096, Rights.READ);
        assertEquals(0, child.destroy(), "a child gives nothing back");
        assertTrue(root.children().isEmpty());
        root.memory().memory().segment().set(ValueLayout.JAVA_INT, 0, 7); // still mapped
        memory.forget(root.memory().memory());
        assertEquals(8192, root.destroy(), "the root gives its size back to the owner's quota");
        assertThrows(IllegalStateException.class, () -> root.memory().memory().segment().get(ValueLayout.JAVA_INT, 0));
    }

    @Test
    void aDeviceReachesOnlyItsMappingsAndOnlyAsMapped() {
        DataspaceObject ro = root(2 * 4096), rw = root(4096);
        NotificationObject irq = new NotificationObject(5, memory.allocate("irq", dev.kernite.abi.NotificationLayout.SIZE));
        DeviceObject dev = new DeviceObject(6, null, memory.allocate("regs", 4096), irq);
        dev.map(new DmaMapping(0x10000, ro.length(), ro, false));
        dev.map(new DmaMapping(0x20000, rw.length(), rw, true));
        assertNotNull(dev.window(0x10000, 2 * 4096, false));
        assertNotNull(dev.window(0x11000, 4096, false));
        assertNull(dev.window(0x10000, 4096, true), "read-only");
        assertNull(dev.window(0x11000, 2 * 4096, false), "past the mapping");
        assertNull(dev.window(0xF000, 4096, false), "before it");
        assertNull(dev.window(0x12000, 1, false), "in the hole between");
        assertNotNull(dev.window(0x20000, 4096, true));
        assertEquals(4, dev.faults());
        assertTrue(dev.overlaps(0x11000, 0x10000));
        assertFalse(dev.overlaps(0x12000, 0xE000));
        assertEquals(1, dev.unmapView(ro));
        assertNull(dev.window(0x10000, 4096, false), "gone with its view");
        assertTrue(dev.unmap(0x20000));
        assertFalse(dev.unmap(0x20000));
    }
}
