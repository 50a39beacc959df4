package dev.kernite.runtime;

import dev.kernite.abi.Status;
import dev.kernite.runtime.names.Names;
import dev.kernite.runtime.names.NamesProtocol;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client of a service found by name, which survives the service's restarts: when a call fails because the
 * server died or closed the channel (PEER_DIED, CHANNEL_CLOSED), it drops the channel, resolves the name again
 * through names — with backoff from {@value #FIRST_BACKOFF_MS} ms doubling to {@value #MAX_BACKOFF_MS} ms, until
 * the call's deadline — reconnects, and sends the request again if that is safe:
 * <ul>
 *   <li>an <b>idempotent</b> request is always sent again;</li>
 *   <li>a <b>non-idempotent</b> request is sent again only if the dead server never took it off the request ring
 *       (the ring's head had not passed it); if it did, the call returns {@link Status#RETRY_UNSAFE}: the request
 *       may or may not have been carried out, and only the caller can decide what to do. Never a silent
 *       duplicate.</li>
 * </ul>
 * A lookup that yields a stale endpoint (its server already dead: connect returns PEER_DIED) or no binding
 * (NOT_FOUND, while the service is being restarted) is retried the same way.
 *
 * <p>Outcomes of {@link #call}: OK; RETRY_UNSAFE; TIMED_OUT when the deadline passed with the request sent and
 * unanswered (abandoned: the server may still carry it out); when the deadline passed while reconnecting, the
 * last reason the service could not be reached (NOT_FOUND, PEER_DIED …) — a non-idempotent request was then
 * carried out by no server (else the call would have returned RETRY_UNSAFE), an idempotent one may have been;
 * any other failure of the channel (PROTOCOL_ERROR, MESSAGE_TOO_LARGE, INTERRUPTED) as it came. Application-level
 * statuses are the service protocol's business, in the reply. The deadline is checked between steps: one lookup
 * at names can add up to {@link Names#CALL_TIMEOUT}.
 *
 * <p>What "taken" rests on: a server publishes the request ring's head as soon as it takes a CALL, before the
 * service sees it ({@code ServerRings.poll}), and a dead process moves nothing. So a head that had not passed the
 * request proves the request was never handed to the service.
 *
 * <p>Thread safety: thread-safe; calls are serialized (one call in flight — use several instances for parallel
 * calls). {@link #retries()} and {@link #connections()} may be read from any thread.
 */
public final class ServiceClient implements AutoCloseable {
    /**
     * What a session needs on every new channel before requests make sense on it — a block client grants its
     * buffer and attaches it, say. Runs after each connect, the first included; a failure that a restart
     * explains (PEER_DIED, CHANNEL_CLOSED) makes the client reconnect, any other fails the call with it.
     */
    @FunctionalInterface
    public interface SessionSetup {
        Status open(Client channel);

        SessionSetup NONE = c -> Status.OK;
    }

    /** Deadline of a call (and of the first connection in {@link #of(Env, String)}) when none is given. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    static final long FIRST_BACKOFF_MS = 10;
    static final long MAX_BACKOFF_MS = 500;

    private final Env env;
    private final Names names;
    private final boolean ownsNames;
    private final String service;
    private final SessionSetup setup;
    private final ReentrantLock lock = new ReentrantLock();
    private Client client;              // guarded by lock; null while not connected
    private boolean closed;             // guarded by lock
    private volatile long retries;      // written under lock
    private volatile long connections;  // written under lock

    private ServiceClient(Env env, Names names, boolean ownsNames, String service, SessionSetup setup) {
        this.env = env;
        this.names = names;
        this.ownsNames = ownsNames;
        this.service = service;
        this.setup = setup;
    }

    /** Connects to names and to {@code service}, retrying as a call does until {@link #DEFAULT_DEADLINE}. */
    public static Result<ServiceClient> of(Env env, String service) {
        return of(env, service, DEFAULT_DEADLINE);
    }

    /**
     * Connects to names (environment capability {@code names}) and then to {@code service}, retrying while either
     * is restarting, or the service is not registered, until {@code deadline} ({@link Duration#ZERO}: one attempt).
     *
     * @return the client; INVALID_ARGUMENT for a bad name; names' connect failure (NOT_FOUND without the
     *         capability); the last reason {@code service} could not be reached
     */
    public static Result<ServiceClient> of(Env env, String service, Duration deadline) {
        return of(env, service, deadline, SessionSetup.NONE);
    }

    /** As {@link #of(Env, String, Duration)}, running {@code setup} on every channel it opens (see {@link SessionSetup}). */
    public static Result<ServiceClient> of(Env env, String service, Duration deadline, SessionSetup setup) {
        if (!NamesProtocol.isValidName(service)) return Result.error(Status.INVALID_ARGUMENT);
        long end = System.nanoTime() + deadline.toNanos();
        Result<Names> n = Names.connect(env);
        // names itself may be restarting (its endpoint is kept by rs, so connecting says PEER_DIED until it is back)
        for (long backoffMs = FIRST_BACKOFF_MS; !n.ok() && n.status() != Status.NOT_FOUND && worthWaiting(n.status()); backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS)) {
            long leftMs = (end - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) break;
            try {
                Thread.sleep(Math.min(backoffMs, leftMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.error(Status.INTERRUPTED);
            }
            n = Names.connect(env);
        }
        if (!n.ok()) return Result.error(n.status());
        return start(new ServiceClient(env, n.value(), true, service, setup), Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }

    /** As {@link #of(Env, String, Duration)} through a shared {@link Names} client ({@link #close} leaves it open). */
    public static Result<ServiceClient> of(Env env, Names names, String service, Duration deadline) {
        if (!NamesProtocol.isValidName(service)) return Result.error(Status.INVALID_ARGUMENT);
        return start(new ServiceClient(env, names, false, service, SessionSetup.NONE), deadline);
    }

    private static Result<ServiceClient> start(ServiceClient sc, Duration deadline) {
        Status s;
        sc.lock.lock();
        try {
            s = sc.reconnect(System.nanoTime() + deadline.toNanos());
        } finally {
            sc.lock.unlock();
        }
        if (s == Status.OK) return Result.ok(sc);
        sc.close();
        return Result.error(s);
    }

    /** As {@link #call(Message, Message, boolean, Duration)} with {@link #DEFAULT_DEADLINE}. */
    public Status call(Message request, Message reply, boolean idempotent) {
        return call(request, reply, idempotent, DEFAULT_DEADLINE);
    }

    /**
     * Sends {@code request} and waits for the reply in {@code reply} (which may be the same message), recovering
     * from restarts of the service as the class describes. {@code reply.status()} is set to the result.
     *
     * @param idempotent whether carrying the request out twice has the same effect as once
     * @param deadline   for the whole call, recovery included
     */
    public Status call(Message request, Message reply, boolean idempotent, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        lock.lock();
        try {
            Status s = closed ? Status.CHANNEL_CLOSED : callLocked(request, reply, idempotent, end);
            reply.setStatus(s);
            return s;
        } finally {
            lock.unlock();
        }
    }

    private Status callLocked(Message request, Message reply, boolean idempotent, long end) {
        while (true) {
            if (client == null) {
                Status s = reconnect(end);
                if (s != Status.OK) return s;
            }
            Status s = client.call(request, reply, Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            if (s != Status.PEER_DIED && s != Status.CHANNEL_CLOSED) {
                if (client.status() != Status.OK) drop(); // broken (PROTOCOL_ERROR …): the next call reconnects
                return s;
            }
            boolean taken = client.lastRequestTaken(); // the server is gone: the ring's head is final
            drop();
            if (!idempotent && taken) return Status.RETRY_UNSAFE;
            retries++;
        }
    }

    /**
     * Resolves the service and connects, with backoff, until connected, a failure that waiting cannot cure, or
     * the deadline (then the last failure). Caller holds the lock.
     */
    private Status reconnect(long end) {
        long backoffMs = FIRST_BACKOFF_MS;
        while (true) {
            Status s = connectOnce();
            if (s == Status.OK || !worthWaiting(s)) return s;
            long leftMs = (end - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) return s;
            try {
                Thread.sleep(Math.min(backoffMs, leftMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.INTERRUPTED;
            }
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
    }

    /** One lookup and connect. The endpoint capability is dropped at once: the channel does not need it. */
    private Status connectOnce() {
        Result<Integer> endpoint = names.lookup(service);
        if (!endpoint.ok()) return endpoint.status();
        Result<Client> c = env.connect(endpoint.value());
        env.closeHandle(endpoint.value());
        if (!c.ok()) return c.status();
        Status s = setup.open(c.value());
        if (s != Status.OK) {
            c.value().close();
            return s;
        }
        client = c.value();
        connections++;
        return Status.OK;
    }

    /** Failures a restart in progress explains: not registered yet, a stale endpoint, names itself restarting. */
    private static boolean worthWaiting(Status s) {
        return s == Status.NOT_FOUND || s == Status.PEER_DIED || s == Status.CHANNEL_CLOSED || s == Status.TIMED_OUT;
    }

    private void drop() {
        if (client != null) client.close();
        client = null;
    }

    /** The service name this client resolves. */
    public String service() { return service; }

    /** Requests sent again after the server died or closed the channel. */
    public long retries() { return retries; }

    /** Channels opened to the service, the first one included. */
    public long connections() { return connections; }

    /** Closes the channel to the service, and to names unless it was shared. Later calls return CHANNEL_CLOSED. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            drop();
            if (ownsNames) names.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() { return "ServiceClient[" + service + ", " + client + "]"; }
}
