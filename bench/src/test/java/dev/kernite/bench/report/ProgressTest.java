package dev.kernite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void stepsArePrefixedWithTheBenchmarkName() {
        var bytes = new ByteArrayOutputStream();
        var progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ipc", true);
        progress.step("kernite round trip", 3, 5);
        progress.line("done");
        assertEquals("ipc: kernite round trip 3/5 \u2026\nipc: done\n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void asciiStreamsGetThreeDots() {
        var bytes = new ByteArrayOutputStream();
        var progress = new Progress(new PrintStream(bytes, true, StandardCharsets.US_ASCII), "ipc", true);
        progress.step("tcp", 1, 2);
        assertEquals("ipc: tcp 1/2 ...", bytes.toString(StandardCharsets.US_ASCII).strip());
    }

    @Test
    void disabledPrintsNothing() {
        var bytes = new ByteArrayOutputStream();
        new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ipc", false).step("x", 1, 1);
        assertEquals(0, bytes.size());
    }
}
