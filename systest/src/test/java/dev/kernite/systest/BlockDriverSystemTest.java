package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.MachineConfig;
import dev.kernite.machine.Machine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The block driver against a client that breaks the protocol: each bad request gets its error; the driver serves on. */
class BlockDriverSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void badRequestsGetTheirErrorAndTheDriverServesOn() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            List<DeviceModel> disks = new Machine().create(MachineConfig.disk(sys.dir.resolve("disk.img"), 4 << 20));
            int device = sys.kernel.attach(disks.getFirst());
            sys.spawn(new ProcessSpec("blk", "kernite.blk", "dev.kernite.blk.BlockDriver", List.of(), 0, 32, List.of("blk"),
                List.of(new ProcessSpec.Grant(device, Rights.USE, "blk0"))));
            sys.probe("bad", List.of(), List.of("blk"), "blkbad");
            sys.awaitLine("bad", "^RESULT blkbad read-unattached BAD_STATE$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad unknown-label NOT_SUPPORTED$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad short-read INVALID_ARGUMENT$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad made-up-handle INVALID_HANDLE$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad read-only-buffer ACCESS_DENIED$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad attach OK$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad past-buffer INVALID_ARGUMENT$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad past-disk INVALID_ARGUMENT$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad huge INVALID_ARGUMENT$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad write OK$", WAIT);
            sys.awaitLine("bad", "^RESULT blkbad good OK data-intact$", WAIT);
            assertEquals(0, sys.kernel.iommuFaults("blk0"), "every bad request was caught by the driver, before the device");
        }
    }
}
