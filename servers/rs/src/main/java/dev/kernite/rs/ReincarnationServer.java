package dev.kernite.rs;

import dev.kernite.abi.Status;
import dev.kernite.abi.control.ReplyBody;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Notification;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.rs.Manifest;
import dev.kernite.runtime.rs.ManifestException;
import dev.kernite.runtime.rs.ModuleCheck;
import dev.kernite.runtime.rs.RsProtocol;
import dev.kernite.runtime.rs.RsProtocol.AwaitReady;
import dev.kernite.runtime.rs.RsProtocol.AwaitSession;
import dev.kernite.runtime.rs.RsProtocol.Kill;
import dev.kernite.runtime.rs.RsProtocol.ListServices;
import dev.kernite.runtime.rs.RsProtocol.Restart;
import dev.kernite.runtime.rs.RsProtocol.Shutdown;
import dev.kernite.runtime.rs.RsProtocol.Start;
import dev.kernite.runtime.rs.RsProtocol.Stop;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reincarnation server: serves endpoint {@code rs} ({@link RsProtocol}); starts the services of the manifest
 * it is given ({@code --manifest FILE}) and those added at run time, watches each with a death notice and
 * heartbeats, restarts them by their policy, registers their endpoints with names, and ends the session when the
 * session service exits or SHUTDOWN is asked. With {@code --log FILE} it logs there rather than on its output.
 *
 * <p>Structure (MINIX's skeleton): one main thread owns the service table and runs the loop in {@link #run} —
 * receive a request or an event, dispatch it, reply unless deferred, run due timers. Three kinds of worker thread
 * never touch the table: the death watcher, one heartbeat monitor per instance with endpoints, and the names
 * registrar; they report to the loop by one-way messages on rs's own endpoint ({@link Events}), accepted only
 * from rs's own pid.
 *
 * <p>Thread safety: see above; the main thread owns all mutable state.
 */
public final class ReincarnationServer {
    private final Env env;
    private final Server server;
    private final Timers timers;
    private final Supervisor supervisor;
    private final Requests requests;

    private ReincarnationServer(Env env, Server server, Timers timers, Supervisor supervisor, Requests requests) {
        this.env = env;
        this.server = server;
        this.timers = timers;
        this.supervisor = supervisor;
        this.requests = requests;
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        if (options.containsKey("--log")) logTo(Path.of(options.get("--log")));
        Env env = Env.connect();
        Manifest manifest = manifest(options.get("--manifest"));
        Server server = env.serve("rs").orElseThrow();
        Client self = env.connect("rs").orElseThrow();
        Notification deathWord = env.createNotification().orElseThrow();
        Events events = new Events(self);
        DeathWatcher deaths = new DeathWatcher(env, deathWord, events);
        Registrar registrar = new Registrar(env, events);
        ServiceTable table = new ServiceTable();
        manifest.services().forEach(d -> table.add(new Service(d)));
        Timers timers = new Timers();
        int selfEndpoint = env.capability("rs").map(ReplyBody.NamedCap::handle).orElseThrow();
        Supervisor supervisor = new Supervisor(env, server, table, timers, deaths, registrar, events, selfEndpoint);
        Requests requests = new Requests(server, table, supervisor, ModuleCheck.ofThisProcess(), env.privileges());
        deaths.start();
        registrar.start();
        new ReincarnationServer(env, server, timers, supervisor, requests).run();
    }

    /** The main loop: receive, check the sender, dispatch, reply unless deferred; then run due timers. */
    private void run() {
        Message msg = new Message();
        while (true) {
            Duration wait = timers.untilNext();
            Status s = wait == null ? server.receive(msg) : server.receive(msg, wait);
            if (s == Status.OK && msg.expectsReply()) dispatch(msg);
            else if (s == Status.OK && fromSelf(msg)) event(msg);
            else if (s != Status.OK && s != Status.TIMED_OUT && s != Status.WOULD_BLOCK) Supervisor.log("receive failed: " + s);
            timers.runDue();
        }
    }

    private void dispatch(Message msg) {
        Result<RsProtocol.Request> r = RsProtocol.decode(msg);
        if (!r.ok()) {
            reply(msg, r.status());
            return;
        }
        switch (r.value()) {
            case Start st -> reply(msg, requests.start(st));
            case Stop st -> requests.stop(st, deferred(msg));
            case Restart rs -> requests.restart(rs, deferred(msg));
            case Kill k -> reply(msg, requests.kill(k));
            case ListServices l -> server.reply(requests.list(l, msg));
            case Shutdown sd -> {
                reply(msg, Status.OK);
                supervisor.shutdown();
            }
            case AwaitReady a -> requests.awaitReady(a, deferred(msg));
            case AwaitSession a -> supervisor.awaitSession(deferred(msg));
        }
    }

    /** An event from one of rs's own threads (see {@link Events}). */
    private void event(Message msg) {
        if (msg.length() != Integer.BYTES) return;
        int value = msg.getInt(0);
        switch (msg.label()) {
            case Events.DEATHS -> supervisor.deaths(value);
            case Events.ALIVE -> supervisor.alive(value);
            case Events.HUNG -> supervisor.hung(value);
            case Events.REGISTERED -> supervisor.registered(value);
            default -> { }
        }
    }

    /** One-way messages from anyone but this process are ignored: only rs's threads send events. */
    private boolean fromSelf(Message msg) {
        return (msg.badge() >>> 32) == env.pid() && Events.isEvent(msg.label());
    }

    private void reply(Message msg, Status status) {
        server.reply(RsProtocol.reply(msg, status));
    }

    /** Moves a call's reply token into a message of its own, to answer later. */
    private static Message deferred(Message msg) {
        return new Message().takeReplyToken(msg);
    }

    /** {@code --manifest FILE} and {@code --log FILE}, each at most once; anything else ends rs with its usage. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            boolean known = args[i].equals("--manifest") || args[i].equals("--log");
            if (!known || i + 1 == args.length || out.put(args[i], args[i + 1]) != null) {
                System.err.println("usage: rs [--manifest FILE] [--log FILE]");
                System.exit(2);
            }
        }
        return out;
    }

    /**
     * Everything rs prints — restarts, failures, the shutdown — goes to {@code file} (appended), not onto the
     * console it shares with the shell, where it would land in the middle of the user's prompt.
     */
    private static void logTo(Path file) {
        try {
            PrintStream log = new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
            System.setOut(log);
            System.setErr(log);
        } catch (IOException e) {
            System.err.println("rs: cannot log to " + file + " (" + e.getMessage() + "); logging here");
        }
    }

    private static Manifest manifest(String file) {
        if (file == null) return new Manifest("(none)", List.of());
        try {
            return Manifest.load(Path.of(file));
        } catch (IOException e) {
            System.err.println("rs: cannot read " + file + ": " + e.getMessage());
        } catch (ManifestException e) {
            System.err.println("rs: " + e.getMessage());
        }
        System.exit(2);
        return null;
    }
}
