package dev.kernite.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.Status;
import dev.kernite.shell.TestShell;
import java.util.List;
import org.junit.jupiter.api.Test;

class KillTest {
    private final TestShell sh = new TestShell();

    @Test
    void killsByNameOrPidGently() {
        assertEquals(List.of("echo: killed"), sh.lines("kill echo"));
        assertEquals(List.of("4242: killed"), sh.lines("kill 4242"));
        assertEquals(List.of("kill echo", "kill 4242"), sh.services.calls);
    }

    @Test
    void dashNineKillsForcibly() {
        assertEquals(List.of("echo: killed (SIGKILL)"), sh.lines("kill -9 echo"));
        assertEquals(List.of("echo: killed (SIGKILL)"), sh.lines("kill -KILL echo"));
        assertEquals(List.of("kill echo force", "kill echo force"), sh.services.calls);
    }

    @Test
    void badArgumentsPrintTheUsage() {
        for (String line : List.of("kill", "kill -9", "kill a b", "kill -15 echo", "kill -9 -9 echo")) {
            assertEquals(List.of("kernite: usage: kill [-9] NAME|PID"), sh.lines(line), line);
        }
        assertEquals(List.of(), sh.services.calls);
    }

    @Test
    void rsRefusalIsOneErrorLine() {
        sh.services.answer = Status.NOT_FOUND;
        assertEquals(List.of("kernite: kill nosuch: no such service"), sh.lines("kill nosuch"));
    }
}
