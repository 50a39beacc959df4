package dev.kernite.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.Status;
import dev.kernite.shell.TestShell;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpcTest {
    private final TestShell sh = new TestShell();

    @Test
    void namesBothEndsOfEveryChannel() {
        sh.system.process(41250, "rs", 14, 1, 1).process(41301, "shell", 16, 1, 1);
        sh.system.channel(7, "rs", 41301, 41250, 12, 12).channel(9, "echo", 41301, 41999, 1_000_000, 999_999);
        assertEquals(List.of(
            "ID  ENDPOINT  CLIENT        SERVER     STATE  REQUESTS  REPLIES",
            " 7  rs        shell[41301]  rs[41250]  open         12       12",
            " 9  echo      shell[41301]  41999      open    1000000   999999"), sh.lines("ipc"));
    }

    @Test
    void withoutTheChannelTableItIsOneErrorLine() {
        sh.system.failure = Status.ACCESS_DENIED;
        assertEquals(1, sh.lines("ipc").size());
        assertEquals(List.of("kernite: usage: ipc"), sh.lines("ipc -a"));
    }
}
