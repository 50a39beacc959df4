package dev.kernite.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.shell.TestShell;
import java.util.List;
import org.junit.jupiter.api.Test;

class PsTest {
    private final TestShell sh = new TestShell();

    @Test
    void joinsProcessesWithServicesByPid() {
        long now = sh.system.now;
        sh.system.process(41230, "init", 14, 38 * 1024, 192_000)
            .process(41277, "echo", 12, 31 * 1024 + 500, 42_000)
            .process(41301, "shell", 16, 900, 180_000)
            .dataspace(new DataspaceInfo(9, 41277, 41277, 0, 1 << 20, Rights.READ | Rights.WRITE | Rights.GRANT, 0, 0));
        sh.services.service("echo", 41277, "running", 1, now - 42_000)
            .service("cache", 0, "failed", 5, 0);
        assertEquals(List.of(
            "  PID  NAME   STATE    THREADS   MEM  DATA  RESTARTS  UPTIME",
            "41230  init   running       14   38M    0K         -   3m12s",
            "41277  echo   running       12   31M  1.0M         1     42s",
            "41301  shell  running       16  900K    0K         -   3m00s",
            "    -  cache  failed         -     -     -         5       -"), sh.lines("ps"));
    }

    @Test
    void withoutRsEveryProcessIsShownAndOneLineSaysWhy() {
        sh.system.process(5, "init", 3, 2048, 1000);
        sh.services.listFailure = Status.PEER_DIED;
        assertEquals(List.of(
            "PID  NAME  STATE    THREADS   MEM  DATA  RESTARTS  UPTIME",
            "  5  init  running        3  2.0M    0K         -      1s",
            "kernite: ps: service table: rs is not answering (peer died)"), sh.lines("ps"));
    }

    @Test
    void withoutTheProcessTableItIsOneErrorLine() {
        sh.system.failure = Status.ACCESS_DENIED;
        assertEquals(List.of("kernite: ps: process table: access denied (the shell lacks the capability or privilege)"), sh.lines("ps"));
    }

    @Test
    void exitedProcessesShowOnlyWithDashA() {
        sh.system.exited(100, "echo", 9000).process(101, "echo", 12, 2048, 3000);
        sh.services.service("echo", 101, "running", 1, sh.system.now - 3000);
        assertEquals(List.of(
            "PID  NAME  STATE    THREADS   MEM  DATA  RESTARTS  UPTIME",
            "101  echo  running       12  2.0M    0K         1      3s"), sh.lines("ps"));
        assertEquals(List.of(
            "PID  NAME  STATE    THREADS   MEM  DATA  RESTARTS  UPTIME",
            "100  echo  exited         0    0K     -         -      9s",
            "101  echo  running       12  2.0M    0K         1      3s"), sh.lines("ps -a"));
    }

    @Test
    void takesOnlyDashA() {
        assertEquals(List.of("kernite: usage: ps [-a]"), sh.lines("ps aux"));
        assertEquals(List.of("kernite: usage: ps [-a]"), sh.lines("ps -a -a"));
    }
}
