package dev.kernite.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.shell.TestShell;
import java.util.List;
import org.junit.jupiter.api.Test;

class UptimeTest {
    private final TestShell sh = new TestShell();

    @Test
    void countsFromTheOldestProcess() {
        sh.system.process(10, "init", 9, 1, 192_000).process(11, "rs", 12, 1, 190_000).process(12, "echo", 11, 1, 5_000);
        assertEquals(List.of("up 3m12s, 3 processes, 32 threads, load average: 0.50 0.25 0.10"), sh.lines("uptime"));
    }

    @Test
    void withoutHostLoadItSaysNothingOfIt() {
        sh.system.load = null;
        sh.system.process(10, "init", 1, 1, 2_000);
        assertEquals(List.of("up 2s, 1 process, 1 threads"), sh.lines("uptime"));
    }
}
