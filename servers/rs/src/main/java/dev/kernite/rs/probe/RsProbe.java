package dev.kernite.rs.probe;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.rs.RsClient;
import dev.kernite.runtime.rs.RsClient.ServiceInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Drives rs through {@link RsClient} for system tests: runs a script of commands (arguments, commands separated
 * by {@code ;}) and prints a {@code RESULT} line for each, which the tests read from its log.
 *
 * <pre>
 *   start NAME|SECTION        RESULT start STATUS
 *   stop NAME                 RESULT stop STATUS
 *   restart NAME              RESULT restart STATUS
 *   kill NAME|PID -9|-15      RESULT kill STATUS
 *   ready NAME MILLIS         RESULT ready NAME STATUS
 *   shutdown                  RESULT shutdown STATUS
 *   list                      RESULT row K ROW  (one per service; K counts lists from 1; ROW as {@link #row})
 *   wait NAME STATE MIN_RESTARTS MILLIS
 *                             RESULT wait NAME ok ROW | RESULT wait NAME TIMED_OUT ROW
 *   session                   RESULT session STATUS  (waits until the session ends)
 *   sleep MILLIS
 * </pre>
 *
 * <p>Thread safety: single-threaded.
 */
public final class RsProbe {
    private final Env env;
    private final RsClient rs;
    private int lists;

    private RsProbe(Env env, RsClient rs) {
        this.env = env;
        this.rs = rs;
    }

    public static void main(String[] args) throws InterruptedException {
        Env env = Env.connect();
        RsProbe probe = new RsProbe(env, RsClient.connect(env).orElseThrow());
        for (List<String> cmd : commands(args)) probe.run(cmd);
        System.out.println("RESULT done");
        System.out.flush();
        System.exit(0);
    }

    static List<List<String>> commands(String[] args) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String a : args) {
            if (a.equals(";")) {
                if (!cur.isEmpty()) out.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(a);
            }
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    private void run(List<String> c) throws InterruptedException {
        switch (c.getFirst()) {
            case "start" -> result("start", rs.start(c.get(1)));
            case "stop" -> result("stop", rs.stop(c.get(1)));
            case "restart" -> result("restart", rs.restart(c.get(1)));
            case "kill" -> result("kill", rs.kill(c.get(1), c.get(2).equals("-9")));
            case "ready" -> result("ready", c.get(1), rs.awaitReady(c.get(1), Duration.ofMillis(Long.parseLong(c.get(2)))));
            case "shutdown" -> result("shutdown", rs.shutdown());
            case "list" -> list();
            case "wait" -> await(c.get(1), c.get(2), Integer.parseInt(c.get(3)), Long.parseLong(c.get(4)));
            case "session" -> result("session", RsClient.connect(env).orElseThrow().awaitSessionEnd());
            case "sleep" -> Thread.sleep(Long.parseLong(c.get(1)));
            default -> result("unknown", c.getFirst());
        }
    }

    private void list() {
        Result<List<ServiceInfo>> all = rs.list();
        lists++;
        if (!all.ok()) result("list", all.status());
        else all.value().forEach(i -> result("row", lists, row(i)));
    }

    /** Polls LIST until the service is in {@code state} with at least {@code minRestarts} restarts. */
    private void await(String name, String state, int minRestarts, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        Optional<ServiceInfo> last = Optional.empty();
        while (System.nanoTime() - deadline < 0) {
            Result<ServiceInfo> i = rs.info(name);
            last = i.ok() ? Optional.of(i.value()) : last;
            if (i.ok() && i.value().state().equals(state) && i.value().restarts() >= minRestarts) {
                result("wait", name, "ok", row(i.value()));
                return;
            }
            Thread.sleep(25);
        }
        result("wait", name, Status.TIMED_OUT, last.map(RsProbe::row).orElse("-"));
    }

    /** {@code name=echo pid=123 state=running restarts=1 policy=always started=1700000000000 last=killed (SIGKILL)} */
    static String row(ServiceInfo i) {
        return "name=" + i.name() + " pid=" + i.pid() + " state=" + i.state() + " restarts=" + i.restarts()
            + " policy=" + i.policy() + " started=" + i.startedMillis() + " last=" + i.lastExit();
    }

    private static void result(Object... words) {
        System.out.println("RESULT " + String.join(" ", Arrays.stream(words).map(String::valueOf).toList()));
        System.out.flush();
    }
}
