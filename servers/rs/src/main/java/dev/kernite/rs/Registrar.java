package dev.kernite.rs;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.names.NamesProtocol;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Keeps names' bindings in step with rs's services, from a thread of its own so that a slow or dead names never
 * stalls rs's main loop. It holds the bindings rs wants (endpoint name → SEND|GRANT handle in rs's table): a new
 * instance's endpoints are registered (transfer over the channel to names, then REGISTER, as
 * {@link NamesProtocol} says); a stopped service's are unregistered; and when names itself is (re)started, every
 * binding is registered again with the new names, whose table starts empty.
 *
 * <p>rs reaches names through the endpoint handle it got from spawning names (it has no {@code names} capability
 * in its environment), so it speaks {@link NamesProtocol} directly rather than through
 * {@code dev.kernite.runtime.names.Names}, which connects through the environment.
 *
 * <p>Thread safety: the public-to-rs methods ({@link #bind}, {@link #unbind}, {@link #namesAt}) only enqueue and
 * may be called from any thread; everything else is owned by the registrar's thread.
 */
final class Registrar implements Runnable {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private sealed interface Job { }

    private record Bind(int instance, Map<String, Integer> endpoints) implements Job { }

    private record Unbind(List<String> names) implements Job { }

    private record NamesAt(int handle) implements Job { }

    private final Env env;
    private final Events events;
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final Map<String, Integer> bindings = new LinkedHashMap<>();
    private final Message request = new Message();
    private final Message reply = new Message();
    private int names;      // handle of names' endpoint, 0 while there is none
    private Client client;  // channel to names, null when closed

    Registrar(Env env, Events events) {
        this.env = env;
        this.events = events;
    }

    void start() {
        Thread.ofPlatform().daemon().name("rs-registrar").stackSize(256 * 1024).start(this);
    }

    /** Registers an instance's endpoints (name → handle); reported back as {@link Events#REGISTERED}. */
    void bind(int instance, Map<String, Integer> endpoints) {
        jobs.add(new Bind(instance, Map.copyOf(endpoints)));
    }

    void unbind(List<String> endpointNames) {
        jobs.add(new Unbind(List.copyOf(endpointNames)));
    }

    /** names now serves at this handle (a new names process): register every binding with it. */
    void namesAt(int handle) {
        jobs.add(new NamesAt(handle));
    }

    @Override
    public void run() {
        while (true) {
            try {
                switch (jobs.take()) {
                    case Bind b -> bind(b);
                    case Unbind u -> u.names().forEach(this::unregister);
                    case NamesAt n -> rebind(n.handle());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void bind(Bind b) {
        b.endpoints().forEach((name, handle) -> {
            bindings.put(name, handle);
            Status s = register(name, handle);
            if (s != Status.OK && names != 0) System.err.println("rs: cannot register '" + name + "' with names: " + s);
        });
        events.post(Events.REGISTERED, b.instance());
    }

    private void rebind(int handle) {
        names = handle;
        if (client != null) client.close();
        client = null;
        bindings.forEach(this::register); // bindings of dead instances fail with INVALID_HANDLE: replaced soon
    }

    private Status register(String name, int handle) {
        Status s = connected();
        if (s != Status.OK) return s;
        Result<Integer> moved = env.transfer(handle, Rights.SEND | Rights.GRANT, client.handle());
        if (!moved.ok()) return moved.status();
        return call(new NamesProtocol.Register(moved.value(), name));
    }

    private void unregister(String name) {
        bindings.remove(name);
        if (connected() == Status.OK) call(new NamesProtocol.Unregister(name));
    }

    private Status connected() {
        if (names == 0) return Status.NOT_FOUND;
        if (client != null && client.status() == Status.OK) return Status.OK;
        if (client != null) client.close();
        Result<Client> c = env.connect(names);
        client = c.ok() ? c.value() : null;
        return c.status();
    }

    private Status call(NamesProtocol.Request r) {
        Status s = client.call(r.encode(request), reply, CALL_TIMEOUT);
        return s == Status.OK ? NamesProtocol.status(reply) : s;
    }
}
