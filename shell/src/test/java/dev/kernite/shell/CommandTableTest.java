package dev.kernite.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTableTest {
    private final TestShell sh = new TestShell();

    @Test
    void anUnknownCommandIsOneErrorLineAndTheSessionGoesOn() {
        assertEquals("kernite: unknown command 'pss' (try help)\n", sh.run("pss"));
        assertEquals(Outcome.CONTINUE, sh.lastOutcome);
    }

    @Test
    void blankLinesAndCommentsDoNothing() {
        assertEquals("", sh.run(""));
        assertEquals("", sh.run("   # nothing"));
        assertEquals(Outcome.CONTINUE, sh.lastOutcome);
    }

    @Test
    void aLineThatCannotBeSplitIsOneErrorLine() {
        assertEquals("kernite: unterminated ' quote\n", sh.run("echo 'oops"));
    }

    @Test
    void everyCommandOfTheContractIsThere() {
        assertEquals(List.of("help", "ps", "mem", "blk", "svc", "kill", "ipc", "uptime", "ls", "cat", "cp", "mv", "rm", "mkdir", "rmdir",
            "touch", "stat", "df", "du", "mount", "umount", "sync", "cd", "pwd", "ifconfig", "ping", "netstat", "arp", "wget", "echo", "sleep", "shutdown", "exit"), sh.ctx.commands().names());
    }

    @Test
    void twoCommandsCannotShareAName() {
        Command c = new dev.kernite.shell.commands.Echo();
        assertThrows(IllegalArgumentException.class, () -> new CommandTable(List.of(c, c)));
    }

    @Test
    void aCommandThatThrowsIsReportedAndTheSessionGoesOn() {
        Command broken = new Command() {
            @Override public String name() { return "broken"; }
            @Override public String usage() { return "broken"; }
            @Override public String summary() { return "always fails"; }
            @Override public Outcome run(List<String> args, Context ctx) { throw new IllegalStateException("bug"); }
        };
        StringWriter out = new StringWriter();
        CommandTable table = new CommandTable(List.of(broken));
        Context ctx = new Context(table, sh.system, sh.services, sh.files, new PrintWriter(out, true), d -> { });
        assertEquals(Outcome.CONTINUE, table.execute("broken", ctx));
        assertTrue(out.toString().startsWith("kernite: broken: internal error: java.lang.IllegalStateException: bug"), out.toString());
    }

    @Test
    void completionOffersCommandsThenWhatTheCommandOffers() {
        sh.services.service("echo", 7, "running", 0, 1).service("names", 8, "running", 0, 1);
        CommandTable t = sh.ctx.commands();
        assertEquals(t.names(), t.candidates(List.of(), sh.ctx));
        assertEquals(List.of("list", "start", "stop", "restart"), t.candidates(List.of("svc"), sh.ctx));
        assertEquals(List.of("echo", "names"), t.candidates(List.of("svc", "restart"), sh.ctx));
        assertEquals(List.of(), t.candidates(List.of("svc", "list"), sh.ctx));
        assertEquals(List.of("-9", "echo", "names"), t.candidates(List.of("kill"), sh.ctx));
        assertEquals(List.of("echo", "names"), t.candidates(List.of("kill", "-9"), sh.ctx));
        assertEquals(List.of(), t.candidates(List.of("kill", "echo"), sh.ctx));
        assertEquals(t.names(), t.candidates(List.of("help"), sh.ctx));
        assertEquals(List.of(), t.candidates(List.of("nosuch"), sh.ctx));
    }

    @Test
    void completionWithoutRsOffersNoServiceNames() {
        sh.services.listFailure = dev.kernite.abi.Status.PEER_DIED;
        assertEquals(List.of("-9"), sh.ctx.commands().candidates(List.of("kill"), sh.ctx));
    }
}
