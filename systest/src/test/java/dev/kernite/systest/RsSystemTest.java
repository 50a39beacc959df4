package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.Privileges;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reincarnation server and init with real processes: rs is spawned with a test manifest and driven through
 * RsClient by a probe ({@code dev.kernite.rs.probe.RsProbe}); services are broken on purpose (kill -9, a receive
 * loop that stops, a crash loop, a service that never becomes ready) and rs must restart, back off, give up or
 * fail the boot as its policy says. Every process is gone when a test ends, also when it failed.
 */
@Timeout(180)
class RsSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NAMES = """
        [names]
        module = kernite.names
        main = dev.kernite.names.NamesServer
        endpoints = names
        restart = always
        heartbeat = 500ms, deadline 2s
        """;
    private static final String ECHO = """
        [echo]
        module = kernite.echo
        main = dev.kernite.echo.EchoServer
        endpoints = echo
        needs = names
        restart = always
        backoff = 100ms..1s
        heartbeat = 500ms, deadline 2s
        """;

    /**
     * kill -9 each service in turn — names too — while a client calls echo in a loop through ServiceClient: every
     * call succeeds with its own reply (none lost, none duplicated: each is checked against its request), and each
     * service comes back with a new pid and a counted restart. Endpoints outlive their servers, so even the
     * client's capability to names, taken at its start, still reaches the restarted names.
     */
    @Test
    void killingEachServiceInTurnLosesNoCall() throws Exception {
        List<Integer> seen;
        try (TestSystem sys = new TestSystem()) {
            rs(sys, NAMES + ECHO);
            String caller = section("caller", "kernite.probe", "dev.kernite.probe.Probe", "svcfor echo 15", "restart = never");
            driver(sys, "driver", "start names ; ready names 30000 ; start echo ; ready echo 30000 ; list ;",
                "start", caller, "; sleep 1000 ; kill names -9 ; wait names running 1 30000 ; sleep 500 ;"
                + " kill echo -9 ; wait echo running 1 30000 ; sleep 500 ; kill names -9 ; wait names running 2 30000 ;"
                + " sleep 500 ; kill echo -9 ; wait echo running 2 30000 ; list");
            sys.awaitLine("driver", "^RESULT done$", Duration.ofSeconds(90));
            Matcher m = sys.awaitLine("caller", "^RESULT svcfor (\\w+) (\\S+) (\\S+) (\\S+)$", Duration.ofSeconds(60));
            assertEquals("ok", m.group(1), "the caller: " + m.group(0));
            assertTrue(Integer.parseInt(m.group(4)) >= 1, "the caller resent across the echo restarts: " + m.group(0));
            Map<String, Row> before = rows(sys.log("driver"), 1), after = rows(sys.log("driver"), 2);
            for (String svc : List.of("names", "echo")) {
                assertEquals("running", after.get(svc).state(), svc);
                assertEquals(2, after.get(svc).restarts(), svc);
                assertEquals("killed (SIGKILL)", after.get(svc).last(), svc);
                assertTrue(after.get(svc).pid() != before.get(svc).pid(), svc + " has a new pid");
            }
            seen = pids(sys);
        }
        assertAllGone(seen);
    }

    @Test
    void aKilledServiceIsRestartedWithANewPidAndFoundByNameAgain() throws Exception {
        List<Integer> seen;
        try (TestSystem sys = new TestSystem()) {
            rs(sys, NAMES + ECHO);
            String caller = section("caller", "kernite.probe", "dev.kernite.probe.Probe", "svcloop echo 500", "restart = never");
            driver(sys, "driver", "start names ; ready names 30000 ; start echo ; ready echo 30000 ; list ;"
                + " kill echo -9 ; wait echo running 1 30000 ; list ;", "start", caller);
            sys.awaitLine("driver", "^RESULT done$", WAIT);
            Map<String, Row> before = rows(sys.log("driver"), 1), after = rows(sys.log("driver"), 2);
            assertEquals(List.of("start OK", "start OK", "kill OK", "start OK"), results(sys.log("driver"), "start|kill"), sys.log("driver"));
            assertEquals("running", after.get("echo").state());
            assertEquals(1, after.get("echo").restarts());
            assertEquals("killed (SIGKILL)", after.get("echo").last());
            assertNotEquals(before.get("echo").pid(), after.get("echo").pid(), "a new process");
            assertTrue(sys.kernel.awaitExit(before.get("echo").pid(), WAIT), "the killed one is gone");
            assertEquals(before.get("names").pid(), after.get("names").pid(), "names was not touched");
            // the restarted echo was registered with names again: a client finds it by name and calls it
            sys.awaitLine("caller", "^RESULT svcloop ok 500 retries \\d+$", WAIT);
            seen = pids(sys);
        }
        assertAllGone(seen);
    }

    @Test
    void aHungServiceIsKilledAndRestartedAfterItsHeartbeatDeadline() throws Exception {
        List<Integer> seen;
        try (TestSystem sys = new TestSystem()) {
            rs(sys, NAMES + section("hang", "kernite.rs", "dev.kernite.rs.probe.FaultyService", "hang-after hang 1500",
                "endpoints = hang", "restart = always", "heartbeat = 300ms, deadline 1s", "backoff = 100ms..1s", "max-restarts = 10 in 1m"));
            driver(sys, "driver", "start names ; ready names 30000 ; start hang ; ready hang 30000 ; list ; wait hang running 1 30000 ; list");
            sys.awaitLine("driver", "^RESULT done$", WAIT);
            Map<String, Row> before = rows(sys.log("driver"), 1), after = rows(sys.log("driver"), 2);
            assertEquals(0, before.get("hang").restarts(), "it became ready before it hung");
            assertTrue(after.get("hang").restarts() >= 1);
            assertEquals("hung: no heartbeat for 1 s", after.get("hang").last());
            assertNotEquals(before.get("hang").pid(), after.get("hang").pid());
            assertTrue(sys.log("hang").contains("faulty: no longer receiving"), "it was alive but silent");
            assertTrue(sys.kernel.awaitExit(before.get("hang").pid(), WAIT));
            seen = pids(sys);
        }
        assertAllGone(seen);
    }

    @Test
    void aCrashLoopBacksOffAndEndsFailedWithoutARestartStorm() throws Exception {
        List<Integer> seen;
        try (TestSystem sys = new TestSystem()) {
            rs(sys, section("crashy", "kernite.rs", "dev.kernite.rs.probe.FaultyService", "crash-after 100",
                "restart = always", "backoff = 200ms..800ms", "max-restarts = 3 in 1m"));
            driver(sys, "driver", "start crashy ; wait crashy failed 3 60000 ; sleep 2000 ; list");
            sys.awaitLine("driver", "^RESULT done$", WAIT);
            Row last = rows(sys.log("driver"), 1).get("crashy");
            assertEquals(new Row(0, "failed", 3, "exited 3"), last);
            String log = sys.log("rs");
            for (String delay : List.of("restart 1 in 200 ms", "restart 2 in 400 ms", "restart 3 in 800 ms")) {
                assertTrue(log.contains("crashy exited 3; " + delay), "backoff doubles: " + delay + "\n" + log);
            }
            assertTrue(log.contains("crashy failed: exited 3 after 3 restarts within 1 m; not restarting"), log);
            List<ProcessInfo> crashy = sys.kernel.processes().stream().filter(p -> p.name().equals("crashy")).toList();
            assertEquals(4, crashy.size(), "the first start and three restarts, then nothing: " + crashy);
            assertTrue(crashy.stream().allMatch(p -> p.state().equals("exited")));
            seen = pids(sys);
        }
        assertAllGone(seen);
    }

    @Test
    void onFailureRestartsAFailingExitButNotACleanOne() throws Exception {
        List<Integer> seen;
        try (TestSystem sys = new TestSystem()) {
            rs(sys, section("clean", "kernite.rs", "dev.kernite.rs.probe.FaultyService", "exit-after 200 0", "restart = on-failure")
                + section("dirty", "kernite.rs", "dev.kernite.rs.probe.FaultyService", "exit-after 200 4",
                    "restart = on-failure", "backoff = 100ms..100ms", "max-restarts = 1 in 1m"));
            driver(sys, "driver", "start clean ; start dirty ; wait dirty failed 1 60000 ; wait clean exited 0 60000 ; list");
            sys.awaitLine("driver", "^RESULT done$", WAIT);
            Map<String, Row> rows = rows(sys.log("driver"), 1);
            assertEquals(new Row(0, "exited", 0, "exited 0"), rows.get("clean"), "a clean exit is not a failure");
            assertEquals(new Row(0, "failed", 1, "exited 4"), rows.get("dirty"), "a failing exit is restarted");
            seen = pids(sys);
        }
        assertAllGone(seen);
    }

    @Test
    void servicesAreStartedAndStoppedAtRunTimeWithoutDisturbingOthers() throws Exception {
        List<Integer> seen;
        try (TestSystem sys = new TestSystem()) {
            rs(sys, NAMES + ECHO);
            String extra = section("extra", "kernite.echo", "dev.kernite.echo.EchoServer", "extra", "endpoints = extra", "needs = echo");
            driver(sys, "driver", "start names ; ready names 30000 ; start echo ; ready echo 30000 ; list ;",
                "start", extra, "; ready extra 30000 ; list ;",
                "start", extra, "; start nosuch ;",
                "start", "[bad]\nmodule = a.b\nmain = a.B\nhartbeat = 1s", "; start",
                "[bad2]\nmodule = a.b\nmain = a.B\nneeds = nobody", "; stop extra ; list ; stop extra ; start extra ; ready extra 30000 ; list");
            sys.awaitLine("driver", "^RESULT done$", WAIT);
            String log = sys.log("driver");
            Map<String, Row> first = rows(log, 1), added = rows(log, 2), stopped = rows(log, 3), again = rows(log, 4);
            assertEquals(List.of("start OK", "start OK", "start OK", "start ALREADY_EXISTS", "start NOT_FOUND",
                "start INVALID_ARGUMENT", "start INVALID_ARGUMENT", "stop OK", "stop OK", "start OK"), results(log, "start|stop"));
            assertFalse(first.containsKey("extra"));
            assertEquals("running", added.get("extra").state());
            assertEquals(new Row(0, "stopped", 0, "stopped"), stopped.get("extra"));
            assertTrue(sys.kernel.awaitExit(added.get("extra").pid(), WAIT), "its process is gone");
            assertEquals("running", again.get("extra").state());
            for (Map<String, Row> table : List.of(added, stopped, again)) {
                for (String other : List.of("names", "echo")) {
                    assertEquals(first.get(other), table.get(other), other + " was not restarted");
                }
            }
            seen = pids(sys);
        }
        assertAllGone(seen);
    }

    @Test
    void initBootsInDependencyOrderAndExitsWhenTheSessionEnds() throws Exception {
        List<Integer> seen;
        try (TestSystem sys = new TestSystem()) {
            String session = section("session", "kernite.rs", "dev.kernite.rs.probe.FaultyService", "crash-after 1500",
                "needs = echo", "restart = never", "session = yes");
            int init = init(sys, NAMES + ECHO + session);
            assertTrue(sys.kernel.awaitExit(init, WAIT), "init exits when the session ends");
            assertEquals(0, exitCode(sys, init), sys.log("init"));
            String log = sys.log("init");
            List<String> order = new ArrayList<>();
            Matcher m = Pattern.compile("^\\[ *\\d+\\.\\d{3}] (\\S+) +ready \\(pid \\d+, \\d+ ms\\)$", Pattern.MULTILINE).matcher(log);
            while (m.find()) order.add(m.group(1));
            assertEquals(List.of("rs", "names", "echo", "session"), order, log);
            assertTrue(log.contains("session ended"), log);
            seen = pids(sys);
        }
        assertAllGone(seen);
    }

    @Test
    void initFailsTheBootNamingAServiceThatNeverBecomesReady() throws Exception {
        List<Integer> seen;
        try (TestSystem sys = new TestSystem()) {
            String stuck = section("stuck", "kernite.rs", "dev.kernite.rs.probe.FaultyService", "never-ready stuck",
                "endpoints = stuck", "needs = names", "start-deadline = 2s");
            long t = System.nanoTime();
            int init = init(sys, NAMES + stuck + section("later", "kernite.echo", "dev.kernite.echo.EchoServer", "later",
                "endpoints = later", "needs = stuck"));
            assertTrue(sys.kernel.awaitExit(init, WAIT), "init gives up instead of hanging");
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertEquals(1, exitCode(sys, init));
            String log = sys.log("init");
            assertTrue(Pattern.compile("init: boot failed: service 'stuck' \\(\\S+test\\.manifest:7\\) did not become ready in 2 s")
                .matcher(log).find(), log);
            assertFalse(log.contains("later"), "nothing that needs it was started: " + log);
            assertTrue(ms < 30_000, "failed after " + ms + " ms");
            seen = pids(sys);
        }
        assertAllGone(seen);
    }

    @Test
    void initRefusesABadManifestNamingFileAndLine() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            int init = init(sys, NAMES + ECHO.replace("needs = names", "needs = nmes"));
            assertTrue(sys.kernel.awaitExit(init, WAIT));
            assertEquals(1, exitCode(sys, init));
            assertTrue(sys.log("init").matches("(?s).*init: \\S+test\\.manifest:11: \\[echo] needs unknown service 'nmes'.*"), sys.log("init"));
            assertEquals(1, sys.kernel.processes().size(), "not even rs was started");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** One row of the probe's LIST output. */
    record Row(int pid, String state, int restarts, String last) { }

    private static final Pattern ROW = Pattern.compile(
        "^RESULT row (\\d+) name=(\\S+) pid=(\\d+) state=(\\S+) restarts=(\\d+) policy=\\S+ started=\\d+ last=(.*)$", Pattern.MULTILINE);

    /** The services of the {@code k}-th LIST in a probe's log, by name. */
    static Map<String, Row> rows(String log, int k) {
        Map<String, Row> out = new HashMap<>();
        Matcher m = ROW.matcher(log);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) != k) continue;
            out.put(m.group(2), new Row(Integer.parseInt(m.group(3)), m.group(4), Integer.parseInt(m.group(5)), m.group(6)));
        }
        assertFalse(out.isEmpty(), "no list " + k + " in\n" + log);
        return out;
    }

    /** The {@code RESULT VERB STATUS} lines of the given verbs, in order. */
    static List<String> results(String log, String verbs) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("^RESULT ((?:" + verbs + ") [A-Z_]+)$", Pattern.MULTILINE).matcher(log);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** A manifest section. */
    static String section(String name, String module, String main, String args, String... more) {
        return "[" + name + "]\nmodule = " + module + "\nmain = " + main + "\nargs = " + args + "\n" + String.join("\n", more) + "\n";
    }

    static Path manifest(TestSystem sys, String text) throws IOException {
        return Files.writeString(sys.dir.resolve("test.manifest"), text);
    }

    /** Spawns rs with a manifest, as init would (spawn|inspect, serving {@code rs}); starts nothing by itself. */
    static int rs(TestSystem sys, String manifest) throws IOException {
        return sys.spawn(new ProcessSpec("rs", "kernite.rs", "dev.kernite.rs.ReincarnationServer",
            List.of("--manifest", manifest(sys, manifest).toString()), Privileges.SPAWN | Privileges.INSPECT, 48, List.of("rs"), List.of()));
    }

    /** Spawns init with a manifest, without the console (so it and rs write to their logs). */
    static int init(TestSystem sys, String manifest) throws IOException {
        return sys.spawn(new ProcessSpec("init", "kernite.init", "dev.kernite.init.Init",
            List.of("--manifest", manifest(sys, manifest).toString()), Privileges.SPAWN | Privileges.INSPECT, 32, List.of(), List.of()));
    }

    /**
     * Spawns an RsProbe with SEND on rs, running a script: words are split on white space, except the arguments
     * given after the first (section texts), which are passed whole.
     */
    static int driver(TestSystem sys, String name, String script, String... more) {
        List<String> args = new ArrayList<>(List.of(script.trim().split("\\s+")));
        for (String m : more) {
            if (m.startsWith("[")) args.add(m);
            else args.addAll(List.of(m.trim().split("\\s+")));
        }
        return sys.spawn(new ProcessSpec(name, "kernite.rs", "dev.kernite.rs.probe.RsProbe", args, 0, 32, List.of(),
            List.of(new ProcessSpec.Grant(sys.kernel.endpoint("rs").orElseThrow(), Rights.SEND, "rs"))));
    }

    /** A process's exit status, once the host reported it (the kernel may see the exit a moment before). */
    static int exitCode(TestSystem sys, int pid) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            var code = sys.kernel.exitCode(pid);
            if (code.isPresent()) return code.getAsInt();
            Thread.sleep(10);
        }
        return -1;
    }

    static List<Integer> pids(TestSystem sys) {
        return sys.kernel.processes().stream().map(ProcessInfo::pid).toList();
    }

    /** After the kernel closed: no process of the test is left. */
    static void assertAllGone(List<Integer> pids) {
        for (int pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " outlived the test");
        }
    }
}
