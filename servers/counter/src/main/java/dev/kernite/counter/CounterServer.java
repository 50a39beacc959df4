package dev.kernite.counter;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;

/**
 * The counter service, the example of transparent recovery: serves the endpoint {@code counter} (or the first
 * argument) with {@link CounterProtocol} — ADD n (not idempotent) and GET (idempotent).
 *
 * <p>The count lives in memory only: after a crash the restarted counter starts again from 0. What recovery
 * guarantees is about requests, not state: a client's ADD is carried out once, or the client is told that it may
 * or may not have been ({@link Status#RETRY_UNSAFE}) — never silently twice.
 *
 * One-way messages are ignored (an ADD needs its answer).
 *
 * <p>Thread safety: one thread, the receive loop, owns the count.
 */
public final class CounterServer {
    private final Server server;
    private final int pid;
    private long value;

    private CounterServer(Server server, int pid) {
        this.server = server;
        this.pid = pid;
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "counter";
        Env env = Env.connect();
        Result<Server> server = env.serve(endpoint);
        if (!server.ok()) {
            System.err.println("counter: cannot serve endpoint '" + endpoint + "': " + server.status());
            System.exit(1);
        }
        new CounterServer(server.value(), env.pid()).run();
    }

    private void run() {
        Message msg = new Message();
        while (true) {
            Status s = server.receive(msg);
            if (s != Status.OK) {
                System.err.println("counter: receive failed: " + s);
                continue;
            }
            if (msg.expectsReply()) server.reply(handle(msg));
        }
    }

    /** Carries out one request and turns its message into the reply. */
    private Message handle(Message msg) {
        Result<CounterProtocol.Request> r = CounterProtocol.decode(msg);
        if (!r.ok()) return CounterProtocol.reply(msg, r.status());
        switch (r.value()) {
            case CounterProtocol.Add add -> value += add.n();
            case CounterProtocol.Get get -> { }
        }
        return CounterProtocol.value(msg, value, pid);
    }
}
