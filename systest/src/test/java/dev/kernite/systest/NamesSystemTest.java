package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The names service and transparent recovery with real processes: services found by name, malformed requests,
 * and clients that ride through kill -9 of their server while the test plays rs (restarts the service under a new
 * endpoint and registers it under the same name).
 */
@Timeout(180)
class NamesSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String COUNTER_SERVER = "dev.kernite.counter.CounterServer";
    private static final String COUNTER_CLIENT = "dev.kernite.counter.CounterClient";

    @Test
    void aServiceIsFoundByNameAndCalledThroughIt() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            int names = sys.names();
            sys.echo("echo");
            sys.register("echo", "echo");
            sys.namesProbe("lookup1", Map.of(), "lookup", "echo");
            sys.awaitLine("lookup1", "^RESULT lookup OK ENDPOINT send$", WAIT); // SEND only: no GRANT, no SERVE
            sys.namesProbe("caller", Map.of(), "svcloop", "echo", "2000");
            sys.awaitLine("caller", "^RESULT svcloop ok 2000 retries 0$", WAIT);
            sys.namesProbe("list1", Map.of(), "list");
            sys.awaitLine("list1", "^RESULT list echo$", WAIT);
            sys.namesProbe("unreg", Map.of(), "unregister", "echo");
            sys.awaitLine("unreg", "^RESULT unregister OK$", WAIT);
            sys.namesProbe("lookup2", Map.of(), "lookup", "echo");
            sys.awaitLine("lookup2", "^RESULT lookup NOT_FOUND$", WAIT);
            assertTrue(sys.alive(names));
        }
    }

    @Test
    void anUnknownNameIsNotFound() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.names();
            sys.namesProbe("lookup", Map.of(), "lookup", "nobody");
            sys.awaitLine("lookup", "^RESULT lookup NOT_FOUND$", WAIT);
            sys.namesProbe("bad", Map.of(), "lookup", "no/such name");
            sys.awaitLine("bad", "^RESULT lookup INVALID_ARGUMENT$", WAIT);
        }
    }

    @Test
    void malformedRequestsGetClearStatusesAndNamesSurvives() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            int names = sys.names();
            sys.namesProbe("raw", Map.of(), "names-raw");
            Map<String, String> expected = Map.ofEntries(
                Map.entry("empty-register", "INVALID_ARGUMENT"), Map.entry("short-register", "INVALID_ARGUMENT"),
                Map.entry("register-no-name", "INVALID_ARGUMENT"), Map.entry("register-unknown-handle", "INVALID_HANDLE"),
                Map.entry("lookup-empty", "INVALID_ARGUMENT"), Map.entry("lookup-long", "INVALID_ARGUMENT"),
                Map.entry("lookup-bad-chars", "INVALID_ARGUMENT"), Map.entry("lookup-unknown", "NOT_FOUND"),
                Map.entry("unregister-unknown", "NOT_FOUND"), Map.entry("list-bad-skip", "INVALID_ARGUMENT"),
                Map.entry("list-long", "INVALID_ARGUMENT"), Map.entry("unknown-label", "NOT_SUPPORTED"),
                Map.entry("register-notification", "WRONG_TYPE"), Map.entry("register-without-grant", "ACCESS_DENIED"),
                Map.entry("register-other-channel", "INVALID_HANDLE"), Map.entry("register-own-channel", "OK"),
                Map.entry("register-again", "OK"), Map.entry("register-bound-handle", "INVALID_HANDLE"),
                Map.entry("alive", "OK"));
            sys.awaitLine("raw", "^RESULT raw alive \\w+$", WAIT);
            for (var e : expected.entrySet()) {
                sys.awaitLine("raw", "^RESULT raw " + e.getKey() + " " + e.getValue() + "$", Duration.ofSeconds(1));
            }
            assertTrue(sys.alive(names));
            assertFalse(sys.log("names").contains("Exception"), sys.log("names"));
            // names still serves everyone else
            sys.echo("echo");
            sys.register("echo", "echo");
            sys.namesProbe("caller", Map.of(), "svcloop", "echo", "100");
            sys.awaitLine("caller", "^RESULT svcloop ok 100 retries 0$", WAIT);
        }
    }

    @Test
    void idempotentCallsRideThroughKillsOfTheServer() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.names();
            int echo = sys.echo("echo");
            sys.register("echo", "echo");
            int client = sys.namesProbe("svcloop", Map.of(), "svcloop", "echo", "200000");
            sys.awaitLine("svcloop", "^RESULT svcloop started$", WAIT);
            for (String next : List.of("echo2", "echo3")) {
                awaitRequestsFrom(sys, client, echo);
                ProcessHandle.of(echo).orElseThrow().destroyForcibly(); // kill -9
                assertTrue(sys.kernel.awaitExit(echo, WAIT));
                echo = sys.echo(next); // what rs would do: a new process, a new endpoint, the same name
                sys.register("echo", next);
            }
            Matcher m = sys.awaitLine("svcloop", "^RESULT svcloop (ok|fail) .*$", Duration.ofSeconds(60));
            assertTrue(m.group().matches("RESULT svcloop ok 200000 retries [1-9]\\d*"), sys.log("svcloop"));
        }
    }

    @Test
    void aNonIdempotentCallTheDeadServerTookIsRetryUnsafe() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.names();
            // takes the call and dies while carrying it out (it never returns to receive)
            int hold = sys.probe("hold", List.of("hold"), List.of(), "hold", "hold");
            sys.register("hold", "hold");
            sys.namesProbe("svcseq", Map.of(), "svcseq", "hold", "1");
            sys.awaitLine("hold", "^RESULT hold took 0$", WAIT);
            ProcessHandle.of(hold).orElseThrow().destroyForcibly();
            // A willing replacement: a resend would now succeed — and be a duplicate.
            sys.echo("echo");
            sys.register("hold", "echo");
            Matcher m = sys.awaitLine("svcseq", "^RESULT svcseq 0 (\\w+)$", WAIT);
            assertEquals("RETRY_UNSAFE", m.group(1), sys.log("svcseq"));
            sys.awaitLine("svcseq", "^RESULT svcseq retries 0$", WAIT);
        }
    }

    @Test
    void aNonIdempotentCallTheDeadServerNeverTookIsSentAgain() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.names();
            int stall = sys.probe("stall", List.of("stall"), List.of(), "stall", "stall"); // answers once, then takes nothing
            sys.register("st", "stall");
            sys.namesProbe("svcseq", Map.of(), "svcseq", "st", "2");
            sys.awaitLine("svcseq", "^RESULT svcseq 0 OK$", WAIT);
            sys.awaitLine("svcseq", "^RESULT svcseq calling 1$", WAIT);
            sys.awaitLine("stall", "^RESULT stall answered$", WAIT);
            Thread.sleep(200); // call 1 sits in the request ring, untaken
            ProcessHandle.of(stall).orElseThrow().destroyForcibly();
            sys.echo("echo");
            sys.register("st", "echo");
            Matcher m = sys.awaitLine("svcseq", "^RESULT svcseq 1 (\\w+)$", WAIT);
            assertEquals("OK", m.group(1), sys.log("svcseq"));
            sys.awaitLine("svcseq", "^RESULT svcseq retries 1$", WAIT);
        }
    }

    @Test
    void theCounterExampleGoesOnAfterItsServerIsKilled() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.names();
            int counter = sys.counterProcess("ctr", COUNTER_SERVER, List.of("counter"), "counter");
            sys.register("counter", "counter");
            sys.counterProcess("adder", COUNTER_CLIENT, List.of(), "1000000000");
            sys.awaitLine("adder", "^counter-client: [1-9]\\d* adds, value \\d+ \\(counter pid " + counter + "\\)$", WAIT);
            ProcessHandle.of(counter).orElseThrow().destroyForcibly();
            assertTrue(sys.kernel.awaitExit(counter, WAIT));
            int restarted = sys.counterProcess("ctr2", COUNTER_SERVER, List.of("counter2"), "counter2");
            sys.register("counter", "counter2");
            sys.awaitLine("adder", "^counter-client: counter restarted \\(pid " + counter + " -> " + restarted + "\\).*$", WAIT);
            sys.awaitLine("adder", "^counter-client: [1-9]\\d* adds, value [1-9]\\d* \\(counter pid " + restarted + "\\)$", WAIT);
            String log = sys.log("adder");
            assertFalse(log.contains("value went from"), log); // no ADD lost or carried out twice
            assertFalse(log.contains("ADD failed"), log);
        }
    }

    /** Waits until the client has made some calls on its channel to {@code server}. */
    private static void awaitRequestsFrom(TestSystem sys, int client, int server) throws InterruptedException {
        sys.awaitChannel(c -> c.clientPid() == client && c.serverPid() == server && c.requests() > 500, WAIT);
    }
}
