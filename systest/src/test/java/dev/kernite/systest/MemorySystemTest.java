package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.kernel.device.DeviceBus;
import dev.kernite.kernel.device.DeviceModel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Dataspaces across real processes: quotas, read-only sub-range grants, revocation, reclamation on death, and the
 * IOMMU (a device reaches only what its driver mapped).
 */
class MemorySystemTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long PAGE = 4096;

    private static ProcessSpec probe(String name, long quota, List<ProcessSpec.Grant> grants, List<String> endpoints, String... args) {
        return new ProcessSpec(name, "kernite.probe", "dev.kernite.probe.Probe", List.of(args), 0, 32, endpoints, grants, quota);
    }

    @Test
    void allocationsBeyondTheQuotaAreRefusedAsAValue() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.spawn(probe("quota", 1 << 20, List.of(), List.of(), "quota", Long.toString(256 * 1024)));
            sys.awaitLine("quota", "^RESULT quota 4 OUT_OF_MEMORY$", WAIT);
            sys.awaitLine("quota", "^RESULT quota-again OK$", WAIT);
        }
    }

    @Test
    void aDeadProcessGivesBackEveryDataspace() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            int pid = sys.spawn(probe("hog", 8 << 20, List.of(), List.of(), "hog", Long.toString(1 << 20), "3"));
            sys.awaitLine("hog", "^RESULT hog ready$", WAIT);
            ProcessInfo info = sys.kernel.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
            assertEquals(3L << 20, info.memoryUsed());
            assertEquals(3, info.dataspaces());
            assertEquals(8L << 20, info.memoryQuota());
            assertEquals(3, sys.kernel.dataspaces().stream().filter(d -> d.ownerPid() == pid).count());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertTrue(sys.kernel.awaitExit(pid, WAIT));
            assertEquals(List.of(), sys.kernel.dataspaces().stream().filter(d -> d.ownerPid() == pid).toList());
        }
    }

    @Test
    void aReadOnlySubRangeGrantIsReadOnlyAndRevocable() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.spawn(probe("lender", ProcessSpec.DEFAULT_MEMORY_QUOTA, List.of(), List.of("lend"), "lender", "lend"));
            sys.spawn(probe("borrower", ProcessSpec.DEFAULT_MEMORY_QUOTA,
                List.of(new ProcessSpec.Grant(sys.kernel.endpoint("lend").orElseThrow(), Rights.SEND, "lend")), List.of(), "borrower", "lend"));
            // pages 1 and 2 of the lender's four, filled with 2 and 3
            sys.awaitLine("borrower", "^RESULT borrow read 8192 2 3 false$", WAIT);
            sys.awaitLine("borrower", "^RESULT borrow write refused$", WAIT);
            sys.awaitLine("borrower", "^RESULT borrow regrant ACCESS_DENIED$", WAIT);
            sys.awaitLine("borrower", "^RESULT borrow revoke OK OK$", WAIT);
            sys.awaitLine("borrower", "^RESULT borrow closed true$", WAIT);
            sys.awaitLine("borrower", "^RESULT borrow after-revoke refused$", WAIT);
            sys.awaitLine("borrower", "^RESULT borrow remap INVALID_HANDLE$", WAIT);
            List<DataspaceInfo> left = sys.kernel.dataspaces();
            assertEquals(1, left.size(), "only the lender's own dataspace is left: " + left);
            assertEquals(0, left.getFirst().derived());
        }
    }

    /** A fake device that lets the test reach the kernel's IOMMU exactly as a device model would. */
    private static final class ProbeDevice implements DeviceModel {
        final AtomicReference<DeviceBus> bus = new AtomicReference<>();
        @Override public String name() { return "probe0"; }
        @Override public int deviceId() { return 99; }
        @Override public long registerBytes() { return PAGE; }
        @Override public String describe() { return "test device"; }
        @Override public void attach(DeviceBus b) { bus.set(b); }
        @Override public void close() { }
    }

    @Test
    void aDeviceReachesOnlyWhatItsDriverMapped() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            ProbeDevice dev = new ProbeDevice();
            int root = sys.kernel.attach(dev);
            long iova = 1L << 32;
            int pid = sys.spawn(probe("driver", ProcessSpec.DEFAULT_MEMORY_QUOTA,
                List.of(new ProcessSpec.Grant(root, Rights.USE, "probe0")), List.of(), "dma", "probe0", Long.toString(iova)));
            sys.awaitLine("driver", "^RESULT dma map-ro OK$", WAIT);
            sys.awaitLine("driver", "^RESULT dma map-rw OK$", WAIT);
            sys.awaitLine("driver", "^RESULT dma overlap ALREADY_EXISTS$", WAIT);
            sys.awaitLine("driver", "^RESULT dma unaligned INVALID_ARGUMENT$", WAIT);
            sys.awaitLine("driver", "^RESULT dma ready$", WAIT);
            var dma = dev.bus.get().dma();
            MemorySegment ro = dma.window(iova, 16 * PAGE, false);
            assertNotNull(ro);
            assertEquals(0x5A, ro.get(ValueLayout.JAVA_BYTE, 16 * PAGE - 1));
            long faults = sys.kernel.iommuFaults("probe0");
            assertNull(dma.window(iova, 16 * PAGE, true), "write to a read-only mapping");
            assertNull(dma.window(iova - PAGE, PAGE, false), "below every mapping");
            assertNull(dma.window(iova + 15 * PAGE, 2 * PAGE, false), "across two mappings");
            assertNull(dma.window(iova + 32 * PAGE, 1, false), "past every mapping");
            assertNull(dma.window(0, 1, false), "address 0");
            assertEquals(faults + 5, sys.kernel.iommuFaults("probe0"));
            MemorySegment rw = dma.window(iova + 16 * PAGE, PAGE, true);
            assertNotNull(rw);
            rw.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x33);
            sys.awaitLine("driver", "^RESULT dma device-wrote$", WAIT);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertTrue(sys.kernel.awaitExit(pid, WAIT));
            assertNull(dma.window(iova, PAGE, false), "a dead driver's mappings are gone");
            assertNull(dma.window(iova + 16 * PAGE, PAGE, true), "a dead driver's mappings are gone");
        }
    }
}
