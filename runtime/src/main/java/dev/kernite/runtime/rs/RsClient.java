package dev.kernite.runtime.rs;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Client of the reincarnation server ({@link RsProtocol}): the service table, and starting, stopping, restarting
 * and killing services. It reaches rs through the environment capability {@code rs} (granted at spawn), or
 * through an endpoint handle its holder got otherwise (init, which spawned rs).
 *
 * <p>Errors are {@link Status} values, never exceptions. rs is not restarted by anyone, so a closed channel stays
 * closed: every later call returns its status. Calls give up after {@link #CALL_TIMEOUT} (STOP and RESTART wait
 * for the old process to go; AWAIT_READY after its own deadline plus that), except {@link #awaitSessionEnd}.
 *
 * <p>Thread safety: thread-safe; calls are serialized (one call to rs at a time per instance). Use a separate
 * instance for {@link #awaitSessionEnd}, which holds the channel until the session ends.
 */
public final class RsClient implements AutoCloseable {
    /** The environment capability through which rs is reached. */
    public static final String CAPABILITY = "rs";
    /** How long one call may take: STOP and RESTART wait for a process to exit (rs escalates to SIGKILL). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** Upper bound on LIST pages, so a server that never sends an empty page cannot keep a client looping. */
    private static final int MAX_PAGES = 1024;

    /**
     * One service as rs knows it.
     *
     * @param name          its name in the manifest
     * @param pid           its process's host pid, 0 when it has none
     * @param state         {@code stopped}, {@code starting}, {@code running}, {@code stopping}, {@code backoff}
     *                      (waiting to restart), {@code exited} (ended; its policy does not restart it) or
     *                      {@code failed} (too many restarts, or it could not be started)
     * @param restarts      how often rs restarted it
     * @param lastExit      why its last process ended ({@code killed (SIGKILL)}, {@code hung: no heartbeat for 3 s},
     *                      {@code did not become ready in 10 s} …), empty if none did
     * @param startedMillis when its current process (or its last one) started, epoch ms; 0 if never
     * @param policy        its restart policy: {@code always}, {@code on-failure}, {@code never}
     */
    public record ServiceInfo(String name, int pid, String state, int restarts, String lastExit, long startedMillis, String policy) { }

    private final Message request = new Message(); // guarded by this
    private final Message reply = new Message();   // guarded by this
    private final Client client;

    private RsClient(Client client) {
        this.client = client;
    }

    /** Connects through the environment capability {@value #CAPABILITY}; NOT_FOUND if there is none. */
    public static Result<RsClient> connect(Env env) {
        Result<Client> c = env.connect(CAPABILITY);
        return c.ok() ? Result.ok(new RsClient(c.value())) : Result.error(c.status());
    }

    /** Connects through an endpoint handle with SEND (init holds one from spawning rs). */
    public static Result<RsClient> connect(Env env, int endpointHandle) {
        Result<Client> c = env.connect(endpointHandle);
        return c.ok() ? Result.ok(new RsClient(c.value())) : Result.error(c.status());
    }

    /** Every service, in rs's order (manifest order, then services added at run time). */
    public synchronized Result<List<ServiceInfo>> list() {
        List<ServiceInfo> out = new ArrayList<>();
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            Status s = call(new RsProtocol.ListServices(out.size()), CALL_TIMEOUT);
            if (s != Status.OK) return Result.error(s);
            Result<List<ServiceInfo>> page = RsProtocol.rows(reply);
            if (!page.ok()) return page;
            if (page.value().isEmpty()) return Result.ok(List.copyOf(out));
            out.addAll(page.value());
        }
        return Result.error(Status.PROTOCOL_ERROR);
    }

    /** One service by name: NOT_FOUND when rs has none of that name. */
    public Result<ServiceInfo> info(String name) {
        Result<List<ServiceInfo>> all = list();
        if (!all.ok()) return Result.error(all.status());
        return all.value().stream().filter(i -> i.name().equals(name)).findFirst()
            .map(Result::ok).orElseGet(() -> Result.error(Status.NOT_FOUND));
    }

    /**
     * Starts a service of the manifest by name, or a new service from the text of one manifest {@code [section]}.
     *
     * @return OK once its process is spawned (see {@link #awaitReady}); NOT_FOUND for an unknown name;
     *         ALREADY_EXISTS when it runs; INVALID_ARGUMENT for a bad section or unknown dependency; ACCESS_DENIED
     *         for privileges rs lacks; BAD_STATE when the session is ending or a granted endpoint has no server
     */
    public synchronized Status start(String nameOrSection) {
        if (nameOrSection.isBlank()) return Status.INVALID_ARGUMENT;
        return call(new RsProtocol.Start(nameOrSection), CALL_TIMEOUT);
    }

    /** Stops a service (SIGTERM, then SIGKILL after a grace period); OK once its process is gone. */
    public synchronized Status stop(String name) {
        return call(new RsProtocol.Stop(name), CALL_TIMEOUT);
    }

    /** Stops and starts a service; OK once the new process is spawned. */
    public synchronized Status restart(String name) {
        return call(new RsProtocol.Restart(name), CALL_TIMEOUT);
    }

    /** Kills a service's process by service name or pid (SIGKILL when forced); rs then applies its policy. */
    public synchronized Status kill(String nameOrPid, boolean force) {
        return call(new RsProtocol.Kill(force, nameOrPid), CALL_TIMEOUT);
    }

    /** Asks rs to stop every service in reverse dependency order and end the session. */
    public synchronized Status shutdown() {
        return call(new RsProtocol.Shutdown(), CALL_TIMEOUT);
    }

    /**
     * Waits until the service is ready (its endpoints answer a heartbeat and are registered with names, or — without
     * endpoints — its process runs).
     *
     * @return OK; TIMED_OUT after {@code deadline}; NOT_FOUND; BAD_STATE when it failed, exited or was stopped
     */
    public synchronized Status awaitReady(String name, Duration deadline) {
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(0, deadline.toMillis()));
        return call(new RsProtocol.AwaitReady(ms, name), deadline.plus(CALL_TIMEOUT));
    }

    /** Blocks until the session has ended and rs has stopped every service: OK, or why the channel broke. */
    public synchronized Status awaitSessionEnd() {
        Status s = client.call(new RsProtocol.AwaitSession().encode(request), reply);
        return s == Status.OK ? RsProtocol.status(reply) : s;
    }

    /** Closes the channel to rs. Later calls return CHANNEL_CLOSED. */
    @Override
    public void close() {
        client.close();
    }

    private Status call(RsProtocol.Request r, Duration timeout) {
        Status s = client.call(r.encode(request), reply, timeout);
        return s == Status.OK ? RsProtocol.status(reply) : s;
    }

    @Override
    public String toString() { return "RsClient[" + client + "]"; }
}
