package dev.kernite.rs;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.rs.Heartbeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches one instance's receive loops from a thread of its own, so a hung service never stalls rs: first a
 * readiness probe — one heartbeat call per endpoint, which waits in the ring until the service first calls
 * {@code receive} (then {@link Events#ALIVE}); then, if the service has heartbeats, a call per endpoint every
 * interval, and a call unanswered past the deadline is reported {@link Events#HUNG}. A dead peer (PEER_DIED) ends
 * the monitor quietly: the death notice tells the main thread.
 *
 * <p>Thread safety: {@link #start} and {@link #stop} may be called from any thread; the rest runs on the
 * monitor's own thread, which owns its channels.
 */
final class HeartbeatMonitor implements Runnable {
    private final Env env;
    private final Events events;
    private final Instance instance;
    private final List<Integer> endpoints;
    private final Heartbeat heartbeat;
    private final Duration readyWithin;
    private final List<Client> clients = new ArrayList<>();
    private final Message request = new Message();
    private final Message reply = new Message();
    private volatile boolean stopped;
    private Thread thread;

    HeartbeatMonitor(Env env, Events events, Instance instance, Heartbeat heartbeat, Duration readyWithin) {
        this.env = env;
        this.events = events;
        this.instance = instance;
        this.endpoints = instance.endpoints;
        this.heartbeat = heartbeat;
        this.readyWithin = readyWithin;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("rs-heartbeat-" + instance.service.name()).stackSize(256 * 1024).start(this);
    }

    /** Stops at the next step (a call in flight ends at its timeout, or at once when the peer dies). */
    void stop() {
        stopped = true;
        if (thread != null) thread.interrupt();
    }

    @Override
    public void run() {
        try {
            if (!connect() || beat(readyWithin) != Status.OK) return;
            events.post(Events.ALIVE, instance.id);
            if (!heartbeat.enabled()) return;
            while (!stopped) {
                Thread.sleep(heartbeat.interval());
                Status s = beat(heartbeat.deadline());
                if (s == Status.TIMED_OUT && !stopped) {
                    events.post(Events.HUNG, instance.id);
                    return;
                }
                if (s != Status.OK) return;
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            clients.forEach(Client::close);
        }
    }

    private boolean connect() {
        for (int handle : endpoints) {
            Result<Client> c = env.connect(handle);
            if (!c.ok()) return false; // its endpoint died with it: the death notice follows
            clients.add(c.value());
        }
        return true;
    }

    /** One heartbeat call on every endpoint: OK, or the first failure (TIMED_OUT for a hang). */
    private Status beat(Duration timeout) {
        for (Client c : clients) {
            if (stopped) return Status.INTERRUPTED;
            Status s = c.call(request.clear().setLabel(Server.LABEL_HEARTBEAT), reply, timeout);
            if (s != Status.OK) return s;
        }
        return Status.OK;
    }
}
