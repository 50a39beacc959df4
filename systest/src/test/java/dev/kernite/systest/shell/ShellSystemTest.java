package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Boots the real system — KernelMain, init, rs, names, an echo service and the session shell — with the console
 * on pipes, and drives it through the shell as a person would: ps, svc list, a typo, echo, kill -9 of a service
 * that rs must bring back, and the ways a session ends. After the end no process may be left.
 */
@Timeout(240)
class ShellSystemTest {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration END = Duration.ofSeconds(60);

    /** names, echo and the session shell; init and rs come from the kernel and init themselves. */
    static final String MANIFEST = Sections.NAMES + """
        [echo]
        module        = kernite.echo
        main          = dev.kernite.echo.EchoServer
        endpoints     = echo
        needs         = names
        restart       = always
        backoff       = 100ms..1s
        max-restarts  = 5 in 60s
        heartbeat     = 1s, deadline 3s
        start-deadline= 30s
        autostart     = yes

        [shell]
        module        = kernite.shell
        main          = dev.kernite.shell.Shell
        args          = --history @DIR@/shell_history
        grants        = rs
        needs         = names, echo
        privileges    = inspect, console
        restart       = never
        heartbeat     = off
        start-deadline= 30s
        autostart     = yes
        session       = yes
        """;

    /** One row of ps: PID NAME STATE THREADS MEM DATA RESTARTS UPTIME. */
    record PsRow(String pid, String name, String state, String restarts) { }

    private static final Pattern PS_HEADER = Pattern.compile("^\\s*PID\\s+NAME\\s+STATE\\s+THREADS\\s+MEM\\s+DATA\\s+RESTARTS\\s+UPTIME$");
    private static final Pattern PS_ROW = Pattern.compile("^\\s*(\\d+|-)\\s+(\\S+)\\s+(\\S+)\\s+(\\d+|-)\\s+(\\S+)\\s+(\\S+)\\s+(\\d+|-)\\s+(\\S+)$");

    @Test
    void driveTheSystemThroughTheShellThenExit() throws Exception {
        try (ConsoleSystem sys = boot()) {
            Map<String, PsRow> ps = ps(sys);
            for (String name : List.of("init", "rs", "names", "echo", "shell")) {
                assertTrue(ps.containsKey(name), name + " missing from ps: " + ps);
                assertTrue(ps.get(name).pid().matches("\\d+"), name + " has no pid: " + ps.get(name));
            }
            assertEquals("0", ps.get("echo").restarts(), "echo restarted before anyone killed it");

            List<String> svc = sys.run("svc list");
            assertTrue(svc.stream().anyMatch(l -> l.matches("^NAME\\s+STATE\\s+PID\\s+RESTARTS\\s+UPTIME\\s+POLICY\\s+LAST EXIT$")), String.join("\n", svc));
            for (String name : List.of("names", "echo", "shell")) {
                assertTrue(svc.stream().anyMatch(l -> l.startsWith(name + " ")), name + " missing from svc list:\n" + String.join("\n", svc));
            }

            assertTrue(sys.run("pss").contains("kernite: unknown command 'pss' (try help)"));
            assertTrue(sys.run("echo hi").contains("hi"));

            long echoPid = Long.parseLong(ps.get("echo").pid());
            assertTrue(sys.run("kill -9 echo").contains("echo: killed (SIGKILL)"));
            PsRow reborn = awaitRestart(sys, echoPid);
            assertEquals("1", reborn.restarts());
            assertFalse(ProcessHandle.of(echoPid).map(ProcessHandle::isAlive).orElse(false), "the killed echo is still alive");

            startAtRunTime(sys);
            List<String> ipc = sys.run("ipc");
            assertTrue(ipc.stream().anyMatch(l -> l.matches("^\\s*\\d+\\s+rs\\s+shell\\[\\d+]\\s+rs\\[\\d+]\\s+open\\s+\\d+\\s+\\d+$")),
                "no channel from the shell to rs in:\n" + String.join("\n", ipc));
            assertTrue(sys.run("uptime").stream().anyMatch(l -> l.matches("^up \\S+, \\d+ processes, \\d+ threads.*")));

            Map<String, PsRow> last = ps(sys);
            Map<Long, ProcessHandle> seen = sys.seenProcesses();
            sys.type("exit");
            int status = sys.awaitExit(END);
            System.out.println(sys.transcript());
            assertEquals(0, status, "the system's exit status after exit");
            assertNothingLeft(sys, seen, last);
        }
    }

    /**
     * kill -9 each service in turn through the shell — names, echo, and each again — while a client calls echo
     * in a loop through ServiceClient: every call succeeds with its own checked reply (none lost or duplicated),
     * and each service comes back under a new pid with one more restart counted.
     */
    @Test
    void killingEachServiceInTurnWhileAClientCallsLosesNothing() throws Exception {
        String manifest = MANIFEST + """

            [caller]
            module        = kernite.probe
            main          = dev.kernite.probe.Probe
            args          = svcfor echo 25
            needs         = names, echo
            restart       = never
            heartbeat     = off
            start-deadline= 30s
            autostart     = yes
            """;
        try (ConsoleSystem sys = boot(manifest)) {
            for (String service : List.of("names", "echo", "names", "echo")) {
                PsRow before = ps(sys).get(service);
                assertTrue(sys.run("kill -9 " + service).contains(service + ": killed (SIGKILL)"));
                PsRow back = awaitRestart(sys, service, Long.parseLong(before.pid()));
                assertEquals(String.valueOf(Integer.parseInt(before.restarts()) + 1), back.restarts(), service + " restarts");
            }
            String result = sys.awaitLogLine("caller", l -> l.startsWith("RESULT svcfor ") && !l.endsWith("started"), Duration.ofSeconds(60));
            assertTrue(result.matches("RESULT svcfor ok \\d+ retries \\d+"), result);
            assertTrue(Integer.parseInt(result.replaceAll(".* retries ", "")) >= 1, "the caller resent across the echo kills: " + result);
            Map<String, PsRow> last = ps(sys);
            Map<Long, ProcessHandle> seen = sys.seenProcesses();
            sys.type("exit");
            assertEquals(0, sys.awaitExit(END));
            assertNothingLeft(sys, seen, last);
        }
    }

    @Test
    void shutdownStopsEverything() throws Exception {
        try (ConsoleSystem sys = boot()) {
            Map<String, PsRow> ps = ps(sys);
            Map<Long, ProcessHandle> seen = sys.seenProcesses();
            sys.type("shutdown");
            sys.awaitExit(END);
            assertNothingLeft(sys, seen, ps);
        }
    }

    @Test
    void endOfInputEndsTheSession() throws Exception {
        try (ConsoleSystem sys = boot()) {
            Map<String, PsRow> ps = ps(sys);
            Map<Long, ProcessHandle> seen = sys.seenProcesses();
            sys.endInput();
            sys.awaitExit(END);
            assertNothingLeft(sys, seen, ps);
        }
    }

    /** {@code svc start FILE}: a service that is not in the boot manifest, from one section in a file. */
    private static void startAtRunTime(ConsoleSystem sys) throws Exception {
        Path section = sys.dir.resolve("hello.manifest");
        Files.writeString(section, """
            [hello]
            module    = kernite.echo
            main      = dev.kernite.echo.EchoServer
            args      = hello
            endpoints = hello
            needs     = names
            restart   = on-failure
            heartbeat = 1s, deadline 3s
            """);
        List<String> out = sys.run("svc start " + section);
        assertTrue(out.contains("hello: started"), String.join("\n", out));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sys.run("svc list").stream().noneMatch(l -> l.matches("^hello\\s+running\\s+\\d+\\s.*"))) {
            if (System.nanoTime() > deadline) fail("hello is not running in svc list; the console said:\n" + sys.transcript());
            Thread.sleep(200);
        }
    }

    /** Boots and waits until the shell answers. */
    private static ConsoleSystem boot() throws Exception {
        return boot(MANIFEST);
    }

    private static ConsoleSystem boot(String manifest) throws Exception {
        ConsoleSystem sys = new ConsoleSystem(manifest);
        try {
            sys.type("echo @@ready");
            sys.await("@@ready", 0, BOOT);
            return sys;
        } catch (Throwable t) {
            sys.close();
            throw t;
        }
    }

    /** Runs ps; checks its header; returns its rows by name. */
    private static Map<String, PsRow> ps(ConsoleSystem sys) throws Exception {
        List<String> out = sys.run("ps");
        assertTrue(out.stream().anyMatch(l -> PS_HEADER.matcher(l).matches()), "no ps header in:\n" + String.join("\n", out));
        return ps(out);
    }

    private static Map<String, PsRow> ps(List<String> out) {
        return out.stream().map(PS_ROW::matcher).filter(Matcher::matches)
            .map(m -> new PsRow(m.group(1), m.group(2), m.group(3), m.group(7)))
            .collect(Collectors.toMap(PsRow::name, r -> r, (a, b) -> a.state().equals("running") ? a : b));
    }

    /** Polls ps until echo runs again under another pid. */
    private static PsRow awaitRestart(ConsoleSystem sys, long oldPid) throws Exception {
        return awaitRestart(sys, "echo", oldPid);
    }

    /** Polls ps until {@code service} runs again under another pid. */
    private static PsRow awaitRestart(ConsoleSystem sys, String service, long oldPid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<PsRow> echo = Optional.empty();
        while (System.nanoTime() < deadline) {
            echo = Optional.ofNullable(ps(sys).get(service));
            if (echo.isPresent() && echo.get().pid().matches("\\d+") && Long.parseLong(echo.get().pid()) != oldPid
                && echo.get().state().equals("running")) {
                assertNotEquals(String.valueOf(oldPid), echo.get().pid());
                return echo.get();
            }
            Thread.sleep(300);
        }
        fail(service + " did not come back under a new pid; last ps row " + echo + "; the console said:\n" + sys.transcript());
        return null;
    }

    /** Every process seen while the system ran, and every pid ps printed, is dead. */
    private static void assertNothingLeft(ConsoleSystem sys, Map<Long, ProcessHandle> seen, Map<String, PsRow> ps) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && seen.values().stream().anyMatch(ProcessHandle::isAlive)) Thread.sleep(100);
        List<Long> alive = seen.values().stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        assertEquals(List.of(), alive, "processes outlived the session; the console said:\n" + sys.transcript());
        for (PsRow r : ps.values()) {
            if (!r.pid().matches("\\d+")) continue;
            ProcessHandle h = seen.get(Long.parseLong(r.pid()));
            assertTrue(h != null, r.name() + " (pid " + r.pid() + ") in ps was never a descendant of the kernel JVM");
            assertFalse(h.isAlive(), r.name() + " outlived the session");
        }
    }
}
