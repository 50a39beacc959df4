package dev.kernite.counter;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.ServiceClient;

/**
 * The client half of the transparent-recovery example: finds {@code counter} through names and calls ADD 1 in a
 * loop through a {@link ServiceClient}, printing a progress line every second:
 *
 * <pre>
 *   counter-client: 120 adds, value 120 (counter pid 4312)
 * </pre>
 *
 * Kill the counter (kill -9) while this runs: rs restarts it, the client finds the new one and goes on. An ADD
 * that the dead counter had not taken yet is sent again; one it had taken may or may not have counted, so the
 * call returns RETRY_UNSAFE — counted and reported, never silently repeated. The count itself lives in the
 * counter's memory and starts again from 0 after a restart (the client says so when it sees a new pid).
 *
 * <p>Arguments: {@code [ADDS [SERVICE]]} — stop after ADDS successful adds (0 or absent: never), the service name
 * to resolve (default {@code counter}). Within one counter process each ADD must return the previous value plus
 * one, and a restarted counter's first value must be 1; anything else (a lost or duplicated ADD, or another
 * client) is reported. Exit status 1 on any failure
 * other than RETRY_UNSAFE.
 *
 * <p>Thread safety: one thread.
 */
public final class CounterClient {
    private static final long REPORT_NANOS = 1_000_000_000L;

    private final ServiceClient counter;
    private final Message request = new Message();
    private final Message reply = new Message();
    private long adds;
    private long unsafe;
    private long unexpected;
    private long value;
    private int pid;

    private CounterClient(ServiceClient counter) {
        this.counter = counter;
    }

    public static void main(String[] args) {
        long limit = args.length > 0 ? Long.parseLong(args[0]) : 0;
        String service = args.length > 1 ? args[1] : "counter";
        Env env = Env.connect();
        Result<ServiceClient> sc = ServiceClient.of(env, service);
        if (!sc.ok()) {
            say("cannot reach '" + service + "': " + sc.status() + " (" + sc.status().description() + ")");
            System.exit(1);
        }
        Status end = new CounterClient(sc.value()).run(limit);
        System.exit(end == Status.OK ? 0 : 1);
    }

    private Status run(long limit) {
        long nextReport = System.nanoTime() + REPORT_NANOS;
        while (limit == 0 || adds < limit) {
            Status s = addOne();
            if (s != Status.OK && s != Status.RETRY_UNSAFE) {
                say("ADD failed: " + s + " (" + s.description() + "); stopping after " + adds + " adds");
                return s;
            }
            if (System.nanoTime() - nextReport >= 0) {
                progress();
                nextReport += REPORT_NANOS;
            }
        }
        progress();
        say("done: " + adds + " adds, " + unsafe + " unsafe to retry, " + unexpected + " unexpected values, "
            + counter.retries() + " resent after a restart");
        return Status.OK;
    }

    /** One ADD 1 through the ServiceClient; checks the answer against the last one. */
    private Status addOne() {
        Status s = counter.call(new CounterProtocol.Add(1).encode(request), reply, false);
        if (s == Status.RETRY_UNSAFE) {
            unsafe++;
            say("counter died holding an ADD: it may or may not have counted (RETRY_UNSAFE, " + unsafe
                + " so far); going on");
            return s;
        }
        if (s == Status.OK) s = CounterProtocol.status(reply);
        if (s != Status.OK) return s;
        adds++;
        check(CounterProtocol.valueOf(reply), CounterProtocol.pidOf(reply));
        return Status.OK;
    }

    private void check(long newValue, int newPid) {
        long expected = pid != 0 && newPid != pid ? 1 : value + 1;
        if (pid != 0 && newPid != pid) {
            say("counter restarted (pid " + pid + " -> " + newPid + "); its count lives in memory and starts again from 0");
        }
        if (pid != 0 && newValue != expected) {
            unexpected++;
            say("value went from " + value + " to " + newValue + ": an ADD was lost or duplicated (or another client adds)");
        }
        value = newValue;
        pid = newPid;
    }

    private void progress() {
        say(adds + " adds, value " + value + " (counter pid " + pid + ")");
    }

    private static void say(String line) {
        System.out.println("counter-client: " + line);
        System.out.flush();
    }
}
