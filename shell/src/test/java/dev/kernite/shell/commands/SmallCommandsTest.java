package dev.kernite.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.Status;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.TestShell;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** help, echo, sleep, exit and shutdown. */
class SmallCommandsTest {
    private final TestShell sh = new TestShell();

    @Test
    void helpListsEveryCommandWithItsUsage() {
        List<String> out = sh.lines("help");
        assertTrue(out.getFirst().startsWith("COMMAND"), out.getFirst());
        assertEquals(sh.ctx.commands().names().size() + 1, out.size());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("kill [-9] NAME|PID ")), String.join("\n", out));
        assertEquals(List.of("usage: sleep SECONDS", "  wait (fractions allowed: sleep 0.5)"), sh.lines("help sleep"));
        assertEquals(List.of("kernite: help: unknown command 'nope'"), sh.lines("help nope"));
    }

    @Test
    void echoJoinsItsWords() {
        assertEquals(List.of("hi"), sh.lines("echo hi"));
        assertEquals(List.of("a b  c"), sh.lines("echo a   'b  c' # no"));
        assertEquals(List.of(""), sh.lines("echo"));
    }

    @Test
    void sleepTakesFractionalSeconds() {
        sh.run("sleep 0.25");
        sh.run("sleep 2");
        sh.run("sleep .5");
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofMillis(500)), sh.slept);
    }

    @Test
    void sleepRefusesWhatIsNotADuration() {
        for (String bad : List.of("-1", "abc", "1e3", "NaN", "Infinity", "86401")) {
            assertTrue(sh.run("sleep " + bad).startsWith("kernite: sleep: '" + bad + "' is not a number"), bad);
        }
        assertEquals(List.of("kernite: usage: sleep SECONDS"), sh.lines("sleep"));
        assertEquals(List.of(), sh.slept);
    }

    @Test
    void exitEndsTheSession() {
        sh.run("exit");
        assertEquals(Outcome.END, sh.lastOutcome);
        assertEquals(List.of("kernite: usage: exit"), sh.lines("exit now"));
        assertEquals(Outcome.CONTINUE, sh.lastOutcome);
    }

    @Test
    void shutdownEndsTheSessionEvenWhenRsDoesNotAnswer() {
        sh.services.answer = Status.PEER_DIED;
        assertEquals(List.of("kernite: shutdown: rs is not answering (peer died); ending the session anyway"), sh.lines("shutdown"));
        assertEquals(Outcome.END, sh.lastOutcome);
    }
}
