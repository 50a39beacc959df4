package dev.kernite.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.shell.TestShell;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemTest {
    private final TestShell sh = new TestShell();

    private void twoProcessesSharingABuffer() {
        sh.system.process(10, "blk", 12, 31 * 1024, 5000).process(11, "client", 10, 20 * 1024, 4000).exited(9, "old", 9000);
        sh.system.dataspace(new DataspaceInfo(3, 11, 11, 0, 1 << 20, Rights.READ | Rights.WRITE | Rights.GRANT, 1, 0))
            .dataspace(new DataspaceInfo(3, 11, 10, 65536, 65536, Rights.READ | Rights.WRITE, 0, 1))
            .dataspace(new DataspaceInfo(5, 10, 10, 0, 16384, Rights.READ | Rights.WRITE | Rights.GRANT, 0, 1));
    }

    @Test
    void showsEveryRunningProcesssQuotaAndUse() {
        twoProcessesSharingABuffer();
        assertEquals(List.of(
            "PID  NAME    QUOTA  USED  FREE  DATASPACES",
            " 10  blk       64M   16K   63M           1",
            " 11  client    64M  1.0M   63M           1"), sh.lines("mem"));
    }

    @Test
    void withAProcessListsWhatItOwnsAndHolds() {
        twoProcessesSharingABuffer();
        List<String> expected = List.of(
            "ID  OWNER       HOLDER   OFFSET  SIZE  RIGHTS            GRANTS  DMA",
            " 3  client[11]  blk[10]   65536   64K  read|write             0    1",
            " 5  blk[10]     blk[10]       0   16K  grant|read|write       0    1");
        assertEquals(expected, sh.lines("mem blk"));
        assertEquals(expected, sh.lines("mem 10"));
    }

    @Test
    void badArgumentsAndMissingTablesAreOneLine() {
        twoProcessesSharingABuffer();
        assertEquals(List.of("kernite: mem: no running process 'old'"), sh.lines("mem old"));
        assertEquals(List.of("kernite: usage: mem [PID|NAME]"), sh.lines("mem a b"));
        sh.system.failure = Status.ACCESS_DENIED;
        assertEquals(List.of("kernite: mem: process table: access denied (the shell lacks the capability or privilege)"), sh.lines("mem"));
    }
}
