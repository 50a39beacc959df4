package dev.kernite.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.shell.TestShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvcTest {
    private final TestShell sh = new TestShell();

    @Test
    void listShowsRsTable() {
        sh.services.service("names", 41250, "running", 0, sh.system.now - 65_000);
        sh.services.services.add(new dev.kernite.shell.sys.ServiceControl.Service("echo", 0, "backoff", 2,
            "killed (signal 9)", sh.system.now - 3000, "always"));
        List<String> expected = List.of(
            "NAME   STATE      PID  RESTARTS  UPTIME  POLICY  LAST EXIT",
            "names  running  41250         0   1m05s  always  -",
            "echo   backoff      -         2       -  always  killed (signal 9)");
        assertEquals(expected, sh.lines("svc list"));
        assertEquals(expected, sh.lines("svc"), "list is the default");
    }

    @Test
    void listWithoutRsIsOneErrorLine() {
        sh.services.listFailure = Status.CHANNEL_CLOSED;
        assertEquals(List.of("kernite: svc list: rs is not answering (channel closed)"), sh.lines("svc list"));
    }

    @Test
    void startStopRestartGoToRs() {
        assertEquals(List.of("echo: started"), sh.lines("svc start echo"));
        assertEquals(List.of("echo: stopped"), sh.lines("svc stop echo"));
        assertEquals(List.of("echo: restarted"), sh.lines("svc restart echo"));
        assertEquals(List.of("start echo", "stop echo", "restart echo"), sh.services.calls);
    }

    @Test
    void rsRefusalsAreExplained() {
        sh.services.answer = Status.NOT_FOUND;
        assertEquals(List.of("kernite: svc stop nosuch: no such service"), sh.lines("svc stop nosuch"));
        sh.services.answer = Status.ALREADY_EXISTS;
        assertEquals(List.of("kernite: svc start echo: already exists"), sh.lines("svc start echo"));
    }

    @Test
    void badSubcommandsAndArgumentCountsPrintTheUsage() {
        String usage = "kernite: usage: svc list|start|stop|restart NAME|FILE";
        assertEquals(List.of(usage), sh.lines("svc frobnicate echo"));
        assertEquals(List.of(usage), sh.lines("svc start"));
        assertEquals(List.of(usage), sh.lines("svc stop a b"));
        assertEquals(List.of(usage), sh.lines("svc list extra"));
        assertEquals(List.of(), sh.services.calls);
    }

    @Test
    void startFromAFileSendsTheSectionText(@TempDir Path dir) throws Exception {
        String section = "[hello]\nmodule = kernite.echo\nmain = dev.kernite.echo.EchoServer\nendpoints = hello\n";
        Path f = dir.resolve("hello.manifest");
        Files.writeString(f, section);
        assertEquals(List.of("hello: started"), sh.lines("svc start " + f));
        assertEquals(List.of("start " + section), sh.services.calls);
    }

    @Test
    void aFileMustHoldExactlyOneSectionThatFitsInAMessage(@TempDir Path dir) throws Exception {
        Path two = dir.resolve("two.kmf");
        Files.writeString(two, "[a]\nmodule = x\n[b]\nmodule = y\n");
        assertEquals(List.of("kernite: svc start: " + two + ": must hold exactly one [section], found 2"), sh.lines("svc start " + two));
        Path big = dir.resolve("big.kmf");
        Files.writeString(big, "[big]\n# " + "x".repeat(Message.MAX_PAYLOAD) + "\n");
        assertTrue(sh.run("svc start " + big).contains("fit in a request"));
        assertTrue(sh.run("svc start " + dir.resolve("missing.kmf")).startsWith("kernite: svc start: cannot read "));
        assertEquals(List.of(), sh.services.calls);
    }

    @Test
    void aWordWithASlashOrAManifestSuffixIsAPath() {
        assertTrue(Svc.isPath("./x"));
        assertTrue(Svc.isPath("svc.manifest"));
        assertTrue(Svc.isPath("svc.kmf"));
        assertEquals(false, Svc.isPath("echo"));
        assertEquals("hello", Svc.sectionName("# c\n  [ hello ]  # note\nmodule = m\n"));
    }

    @Test
    void completesSubcommandsThenServiceNames() {
        sh.services.service("echo", 7, "running", 0, 1);
        assertEquals(List.of("list", "start", "stop", "restart"), new Svc().candidates(List.of(), sh.ctx));
        assertEquals(List.of("echo"), new Svc().candidates(List.of("stop"), sh.ctx));
    }
}
