package dev.kernite.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole session loop over plain lines, as a script or the system test drives it. */
class SessionTest {
    @Test
    void runsLineByLineUntilExitAndIgnoresTheRest() {
        TestShell sh = new TestShell();
        String out = sh.session("echo hi\npss\n\necho 'a  b'\nexit\necho never\n");
        assertEquals("hi\nkernite: unknown command 'pss' (try help)\na  b\n", out);
    }

    @Test
    void endOfInputEndsTheSession() {
        TestShell sh = new TestShell();
        assertEquals("one\n", sh.session("echo one"));
    }

    @Test
    void shutdownAsksRsAndEndsTheSession() {
        TestShell sh = new TestShell();
        String out = sh.session("shutdown\necho never\n");
        assertEquals("shutting down\n", out);
        assertEquals(List.of("shutdown"), sh.services.calls);
    }

    @Test
    void plainOutputHasNoPromptAndNoEscapes() {
        TestShell sh = new TestShell();
        sh.system.process(10, "init", 9, 30_000, 5000);
        String out = sh.session("ps\nhelp\nuptime\n");
        assertFalse(out.contains("\u001b"), "no ANSI escapes");
        assertFalse(out.contains("kernite>"), "no prompt");
        assertTrue(out.startsWith("PID  NAME"), out);
    }

    @Test
    void theHistoryFileComesFromTheArguments() {
        assertEquals(Path.of("/tmp/h"), Shell.historyFile(new String[] {"--history", "/tmp/h"}));
        assertEquals(Path.of("/var/k/shell_history"), Shell.historyFile(new String[] {"--state", "/var/k"}));
        assertEquals(Path.of(System.getProperty("user.home"), ".kernite_history"), Shell.historyFile(new String[0]));
    }
}
