package dev.kernite.runtime.names;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Client of the names service ({@link NamesProtocol}): binds service names to endpoints and resolves them. It
 * reaches names through the environment capability {@code names} (granted at spawn).
 *
 * <p>Errors are {@link Status} values, never exceptions. When the channel to names has closed (names died), the
 * failing operation returns PEER_DIED or CHANNEL_CLOSED and the next one connects again through the environment
 * capability (which helps only if it names a live endpoint). Each call to names gives up after
 * {@link #CALL_TIMEOUT} with TIMED_OUT.
 *
 * <p>Thread safety: thread-safe; operations are serialized (one call to names at a time per instance).
 */
public final class Names implements AutoCloseable {
    /** The environment capability through which names is reached. */
    public static final String CAPABILITY = "names";
    /** How long one call to names may take (it answers from memory; REGISTER may wait up to 1 s for a transfer). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** How long {@link #lookup} waits for the kernel's CapabilityArrived event of the handle names sent. */
    static final long ARRIVAL_WAIT_NANOS = Duration.ofSeconds(1).toNanos();
    /** Upper bound on LIST pages, so a server that never sends an empty page cannot keep a client looping. */
    private static final int MAX_PAGES = 4096;

    private final Env env;
    private final Message request = new Message();  // guarded by this
    private final Message reply = new Message();    // guarded by this
    private Client client;                          // guarded by this; null after close

    private Names(Env env, Client client) {
        this.env = env;
        this.client = client;
    }

    /** Connects to names through the environment capability {@value #CAPABILITY}; NOT_FOUND if there is none. */
    public static Result<Names> connect(Env env) {
        Result<Client> c = env.connect(CAPABILITY);
        return c.ok() ? Result.ok(new Names(env, c.value())) : Result.error(c.status());
    }

    /**
     * Binds {@code name} to an endpoint: transfers a SEND|GRANT copy of {@code endpointHandle} (which must carry
     * GRANT) to names, then registers that copy. A bound name is rebound.
     *
     * @return OK; INVALID_ARGUMENT for a bad name; the transfer's failure (INVALID_HANDLE, ACCESS_DENIED without
     *         GRANT …); names' answer (WRONG_TYPE for a capability that is not an endpoint, ACCESS_DENIED without
     *         SEND); the channel's status when names is gone
     */
    public synchronized Status register(String name, int endpointHandle) {
        if (!NamesProtocol.isValidName(name)) return Status.INVALID_ARGUMENT;
        Status s = ensureConnected();
        if (s != Status.OK) return s;
        Result<Integer> moved = env.transfer(endpointHandle, Rights.SEND | Rights.GRANT, client.handle());
        if (!moved.ok()) return moved.status();
        return call(new NamesProtocol.Register(moved.value(), name));
    }

    /**
     * Resolves {@code name} to a new SEND capability in this process's table. The caller owns the handle and
     * closes it ({@link Env#closeHandle}) when done — connecting does not need it any more.
     *
     * @return the handle; NOT_FOUND; INVALID_ARGUMENT for a bad name; PROTOCOL_ERROR if names answered with
     *         something that is not an endpoint that arrived from it; the channel's status when names is gone
     */
    public synchronized Result<Integer> lookup(String name) {
        if (!NamesProtocol.isValidName(name)) return Result.error(Status.INVALID_ARGUMENT);
        Status s = ensureConnected();
        if (s == Status.OK) s = call(new NamesProtocol.Lookup(name));
        if (s != Status.OK) return Result.error(s);
        if (reply.length() != Integer.BYTES) return Result.error(Status.PROTOCOL_ERROR);
        return checkArrival(reply.getInt(0));
    }

    /** Removes a binding: OK, NOT_FOUND, INVALID_ARGUMENT, or the channel's status when names is gone. */
    public synchronized Status unregister(String name) {
        if (!NamesProtocol.isValidName(name)) return Status.INVALID_ARGUMENT;
        Status s = ensureConnected();
        return s == Status.OK ? call(new NamesProtocol.Unregister(name)) : s;
    }

    /** Every bound name, sorted. */
    public synchronized Result<List<String>> list() {
        Status s = ensureConnected();
        if (s != Status.OK) return Result.error(s);
        List<String> out = new ArrayList<>();
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            s = call(new NamesProtocol.ListNames(out.size()));
            if (s != Status.OK) return Result.error(s);
            Result<List<String>> page = NamesProtocol.names(reply);
            if (!page.ok()) return page;
            if (page.value().isEmpty()) return Result.ok(List.copyOf(out));
            out.addAll(page.value());
        }
        return Result.error(Status.PROTOCOL_ERROR);
    }

    /** Closes the channel to names. Later operations return CHANNEL_CLOSED. */
    @Override
    public synchronized void close() {
        if (client != null) client.close();
        client = null;
    }

    /** One call to names; its reply status, or why there is none. */
    private Status call(NamesProtocol.Request r) {
        Status s = client.call(r.encode(request), reply, CALL_TIMEOUT);
        return s == Status.OK ? NamesProtocol.status(reply) : s;
    }

    /** Reconnects when the channel to names has closed (names died, or was restarted). */
    private Status ensureConnected() {
        if (client == null) return Status.CHANNEL_CLOSED;
        if (client.status() == Status.OK) return Status.OK;
        client.close();
        Result<Client> c = env.connect(CAPABILITY);
        if (!c.ok()) return c.status();
        client = c.value();
        return Status.OK;
    }

    /**
     * Waits briefly for the kernel's CapabilityArrived event for {@code handle} and checks that it is an endpoint
     * that came over our channel to names. The kernel put the capability in our table before names replied, so
     * when the event is merely slow the handle is returned anyway.
     */
    private Result<Integer> checkArrival(int handle) {
        Optional<Env.Arrival> a = awaitArrival(env, handle, ARRIVAL_WAIT_NANOS);
        if (a.isPresent() && (a.get().type() != CapType.ENDPOINT || a.get().via() != client.handle())) {
            return Result.error(Status.PROTOCOL_ERROR);
        }
        return Result.ok(handle);
    }

    /**
     * Waits up to {@code nanos} for the arrival of {@code handle} (the kernel's event thread delivers it
     * asynchronously): spins briefly, then sleeps in 1 ms steps. Empty on timeout or interrupt (the interrupt
     * stays set).
     */
    private static Optional<Env.Arrival> awaitArrival(Env env, int handle, long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (int spins = 0; ; spins++) {
            Optional<Env.Arrival> a = env.arrival(handle);
            if (a.isPresent() || System.nanoTime() - deadline >= 0) return a;
            if (spins < 1000) {
                Thread.onSpinWait();
                continue;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    @Override
    public String toString() { return "Names[" + client + "]"; }
}
