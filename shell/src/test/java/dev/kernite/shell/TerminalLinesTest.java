package dev.kernite.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line editing through a real JLine reader on a virtual terminal fed with keystrokes. */
class TerminalLinesTest {
    private static TerminalLines lines(String keys, ByteArrayOutputStream out, Path history, TestShell sh) throws Exception {
        Terminal t = new ExternalTerminal("test", "xterm", new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
            out, StandardCharsets.UTF_8);
        TerminalLines lines = new TerminalLines(t, history);
        lines.completeWith(before -> sh.ctx.commands().candidates(before, sh.ctx));
        return lines;
    }

    @Test
    void tabCompletesCommandsSubcommandsAndServiceNames(@TempDir Path dir) throws Exception {
        TestShell sh = new TestShell();
        sh.services.service("echo", 7, "running", 0, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TerminalLines lines = lines("up\t\rsvc rest\tec\t\r", out, dir.resolve("h"), sh)) {
            assertEquals("uptime ", lines.readLine());
            assertEquals("svc restart echo ", lines.readLine());
            assertNull(lines.readLine(), "end of input ends the session");
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(TerminalLines.PROMPT));
    }

    @Test
    void historyIsKeptInTheFile(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("state/shell_history");
        Files.createDirectories(history.getParent());
        TestShell sh = new TestShell();
        try (TerminalLines lines = lines("echo one\rps\r", new ByteArrayOutputStream(), history, sh)) {
            assertEquals("echo one", lines.readLine());
            assertEquals("ps", lines.readLine());
        }
        String saved = Files.readString(history);
        assertTrue(saved.contains("echo one") && saved.contains("ps"), saved);
        try (TerminalLines lines = lines("\u0010\u0010\r", new ByteArrayOutputStream(), history, sh)) {
            assertEquals("echo one", lines.readLine(), "Ctrl-P twice: two lines back in the last session's history");
        }
    }
}
