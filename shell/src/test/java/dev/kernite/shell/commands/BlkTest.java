package dev.kernite.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.Status;
import dev.kernite.runtime.blk.BlockProtocol;
import dev.kernite.shell.TestShell;
import dev.kernite.shell.sys.SystemInspector.BlockDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlkTest {
    private final TestShell sh = new TestShell();

    @Test
    void showsEachDeviceWithItsCounts() {
        sh.system.blockDevices.add(new BlockDevice("blk", new BlockProtocol.DiskInfo("blk0", 131072, false, 1 << 20),
            new BlockProtocol.Stats(12, 30, 2, 48 * 1024, 120 * 1024, 0, 1, 0, 1)));
        assertEquals(List.of(
            "DEVICE  DRIVER  SIZE  MODE  READS  WRITES  FLUSHES  READ  WRITTEN  ERRORS  RESETS",
            "blk0    blk      64M  rw       12      30        2   48K     120K       0       1"), sh.lines("blk"));
    }

    @Test
    void withoutADriverItSaysWhatToLookAt() {
        sh.system.blockFailure = Status.NOT_FOUND;
        assertEquals(List.of("kernite: blk: no block driver is running (names has no 'blk'; see svc list)"), sh.lines("blk"));
        assertEquals(List.of("kernite: usage: blk"), sh.lines("blk -v"));
    }
}
