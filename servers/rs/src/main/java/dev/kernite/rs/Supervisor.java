package dev.kernite.rs;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.rs.Manifest;
import dev.kernite.runtime.rs.RestartPolicy;
import dev.kernite.runtime.rs.RsProtocol;
import dev.kernite.runtime.rs.ServiceDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The life cycle of rs's services: spawning (with grants), readiness, deaths and the restart policy, stopping,
 * killing, and the shutdown that ends the session. Its methods are called by the main loop for requests and
 * events, and by timers the main loop runs; each finishes without waiting on any service (kernel calls only).
 *
 * <p>Thread safety: owned by rs's main thread, as is everything it touches ({@link ServiceTable}, {@link Timers},
 * bit allocation in {@link DeathWatcher}). Worker threads only enqueue to the {@link Registrar} or post
 * {@link Events}.
 */
final class Supervisor {
    /** How long a stopped process may take to exit after SIGTERM before it gets SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How often the kernel is asked whether a service without endpoints has started. */
    static final Duration RUNNING_POLL = Duration.ofMillis(20);

    private final Env env;
    private final Server server;
    private final ServiceTable table;
    private final Timers timers;
    private final DeathWatcher deaths;
    private final Registrar registrar;
    private final Events events;
    private final int selfEndpoint;
    private final List<Message> sessionWaiters = new ArrayList<>();
    private int nextInstance = 1;
    private boolean shuttingDown;
    private boolean sessionOver;

    Supervisor(Env env, Server server, ServiceTable table, Timers timers, DeathWatcher deaths, Registrar registrar,
               Events events, int selfEndpoint) {
        this.env = env;
        this.server = server;
        this.table = table;
        this.timers = timers;
        this.deaths = deaths;
        this.registrar = registrar;
        this.events = events;
        this.selfEndpoint = selfEndpoint;
    }

    boolean shuttingDown() { return shuttingDown; }

    // ---------------------------------------------------------------- starting

    /** START: spawns a service that has no process; a failure to spawn marks it failed. */
    Status start(Service s) {
        if (shuttingDown) return Status.BAD_STATE;
        if (s.state.active()) return Status.ALREADY_EXISTS;
        s.recentRestarts.clear();
        Status st = spawn(s);
        if (st != Status.OK) {
            s.state = Service.State.FAILED;
            log("cannot start " + s.name() + ": " + s.lastExit);
        }
        return st;
    }

    /** Spawns one process for {@code s} and begins watching it; on failure {@code s.lastExit} says why. */
    private Status spawn(Service s) {
        ServiceDescriptor d = s.descriptor;
        Result<List<ProcessSpec.Grant>> grants = grants(s);
        if (!grants.ok()) return grants.status();
        boolean reuse = !s.endpoints.isEmpty(); // a restart serves the endpoints rs kept, not new ones
        List<ProcessSpec.Grant> all = new ArrayList<>(grants.value());
        if (reuse) {
            for (int k = 0; k < d.endpoints().size(); k++) {
                all.add(new ProcessSpec.Grant(s.endpoints.get(k), Rights.SERVE | Rights.SEND | Rights.GRANT, d.endpoints().get(k)));
            }
        }
        Result<Env.Child> r = env.spawn(new ProcessSpec(d.name(), d.module(), d.mainClass(), d.args(), d.privileges(),
            d.heapMiB(), reuse ? List.of() : d.endpoints(), all, d.memoryQuota(), d.jit()));
        if (!r.ok()) {
            s.lastExit = "could not spawn: " + r.status();
            return r.status();
        }
        Env.Child c = r.value();
        int bit = deaths.watch(c.handle());
        if (bit < 0) {
            env.kill(c.handle(), true);
            env.closeHandle(c.handle());
            c.endpoints().forEach(env::closeHandle);
            s.lastExit = "could not watch its death";
            return Status.NO_RESOURCES;
        }
        if (!reuse) s.endpoints = c.endpoints();
        Instance i = new Instance(nextInstance++, s, c.pid(), c.handle(), s.endpoints, bit);
        table.addLive(i);
        s.current = i;
        s.state = Service.State.STARTING;
        s.startedMillis = System.currentTimeMillis();
        i.startDeadline = timers.after(d.startDeadline(), () -> notReady(i));
        watchReadiness(i);
        return Status.OK;
    }

    /** SEND on names (unless it is names) and on each endpoint the descriptor grants, from live instances. */
    private Result<List<ProcessSpec.Grant>> grants(Service s) {
        ServiceDescriptor d = s.descriptor;
        List<ProcessSpec.Grant> out = new ArrayList<>();
        int names = table.liveEndpoint(ServiceDescriptor.NAMES);
        if (names != 0 && !d.endpoints().contains(ServiceDescriptor.NAMES) && !d.grants().contains(ServiceDescriptor.NAMES)) {
            out.add(new ProcessSpec.Grant(names, Rights.SEND, ServiceDescriptor.NAMES));
        }
        for (String g : d.grants()) {
            int h = g.equals(ServiceDescriptor.RS) ? selfEndpoint : table.liveEndpoint(g);
            if (h == 0) {
                s.lastExit = "could not start: no running service serves endpoint '" + g + "'";
                return Result.error(Status.BAD_STATE);
            }
            out.add(new ProcessSpec.Grant(h, Rights.SEND, g));
        }
        for (String device : d.devices()) {
            var cap = env.capability(device).filter(c -> c.type() == CapType.DEVICE);
            if (cap.isEmpty()) {
                s.lastExit = "could not start: the machine has no device '" + device + "'";
                return Result.error(Status.NOT_FOUND);
            }
            out.add(new ProcessSpec.Grant(cap.get().handle(), Rights.USE, device));
        }
        return Result.ok(out);
    }

    /** Endpoints: a heartbeat monitor and names registration; none: ask the kernel until the process runs. */
    private void watchReadiness(Instance i) {
        ServiceDescriptor d = i.service.descriptor;
        if (i.endpoints.isEmpty()) {
            pollRunning(i);
            return;
        }
        int names = i.endpoint(ServiceDescriptor.NAMES);
        if (names != 0) registrar.namesAt(names);
        Map<String, Integer> bind = new HashMap<>();
        for (String e : d.endpoints()) if (i.endpoint(e) != 0) bind.put(e, i.endpoint(e));
        registrar.bind(i.id, bind);
        i.monitor = new HeartbeatMonitor(env, events, i, d.heartbeat(), d.startDeadline());
        i.monitor.start();
    }

    private void pollRunning(Instance i) {
        if (i.dead || i.running) return;
        Result<List<ProcessInfo>> ps = env.processes();
        if (!ps.ok() || ps.value().stream().anyMatch(p -> p.pid() == i.pid && p.state().equals("running"))) {
            i.running = true; // without INSPECT we cannot tell: spawned counts as running
            maybeReady(i);
        } else {
            timers.after(RUNNING_POLL, () -> pollRunning(i));
        }
    }

    /** Events.ALIVE: every endpoint answered. */
    void alive(int id) {
        Instance i = table.live(id);
        if (i == null) return;
        i.answered = true;
        maybeReady(i);
    }

    /** Events.REGISTERED: names knows its endpoints. */
    void registered(int id) {
        Instance i = table.live(id);
        if (i == null) return;
        i.registered = true;
        maybeReady(i);
    }

    private void maybeReady(Instance i) {
        Service s = i.service;
        if (i.dead || s.current != i || s.state != Service.State.STARTING || !i.ready()) return;
        i.startDeadline.cancel();
        s.state = Service.State.RUNNING;
        replyReady(s, Status.OK);
    }

    /** The start deadline passed: a service still starting is killed, and its policy decides. */
    private void notReady(Instance i) {
        if (i.dead || i.service.current != i || i.service.state != Service.State.STARTING) return;
        i.killReason = i.service.descriptor.notReadyReason();
        log(i.service.name() + " (pid " + i.pid + ") " + i.killReason + ": killing it");
        env.kill(i.processHandle, true);
    }

    /** Events.HUNG: alive but silent past the heartbeat deadline: killed, then its policy decides. */
    void hung(int id) {
        Instance i = table.live(id);
        if (i == null || i.service.current != i || i.service.state == Service.State.STOPPING) return;
        i.killReason = "hung: no heartbeat for " + human(i.service.descriptor.heartbeat().deadline());
        log(i.service.name() + " (pid " + i.pid + ") " + i.killReason + ": killing it");
        env.kill(i.processHandle, true);
    }

    // ---------------------------------------------------------------- deaths and the restart policy

    /** Events.DEATHS: find the instances those bits stand for that have died. */
    void deaths(int bits) {
        List<Instance> dead = new ArrayList<>();
        List<Instance> unsure = new ArrayList<>();
        for (Instance i : table.live()) {
            if ((bits & (1 << i.deathBit)) == 0) continue;
            if (deaths.unique(i.deathBit)) dead.add(i); else unsure.add(i);
        }
        if (!unsure.isEmpty()) dead.addAll(exited(unsure));
        dead.forEach(this::died);
    }

    /** Of instances sharing a signalled bit, those the kernel lists as no longer alive. */
    private List<Instance> exited(List<Instance> candidates) {
        Result<List<ProcessInfo>> ps = env.processes();
        if (!ps.ok()) {
            log("cannot tell which process died (" + ps.status() + "): " + candidates);
            return List.of();
        }
        Set<Integer> alive = ps.value().stream().filter(p -> !p.state().equals("exited")).map(ProcessInfo::pid).collect(Collectors.toSet());
        return candidates.stream().filter(i -> !alive.contains(i.pid)).toList();
    }

    private void died(Instance i) {
        if (i.dead) return;
        i.dead = true;
        table.removeLive(i);
        deaths.release(i.deathBit);
        if (i.monitor != null) i.monitor.stop();
        if (i.startDeadline != null) i.startDeadline.cancel();
        env.closeHandle(i.processHandle); // its endpoints belong to the service and outlive the instance
        Service s = i.service;
        if (s.current != i) return;
        s.current = null;
        i.exitCode = exitCodeOf(i.pid);
        s.lastExit = i.exitReason();
        if (s.state == Service.State.STOPPING) stopped(s);
        else if (shuttingDown) ended(s, Service.State.STOPPED);
        else if (s.descriptor.session()) sessionServiceExited(s, i);
        else applyPolicy(s, i.failed());
        if (shuttingDown) advanceShutdown();
    }

    /** The exit status the kernel recorded for {@code pid} (death notices come after it is known); -1 if unknown. */
    private int exitCodeOf(int pid) {
        Result<List<ProcessInfo>> ps = env.processes();
        if (!ps.ok()) return -1;
        return ps.value().stream().filter(p -> p.pid() == pid).mapToInt(ProcessInfo::exitCode).findFirst().orElse(-1);
    }

    /**
     * Restart after the policy's backoff, or mark exited (policy says no) or failed (too many restarts in the
     * period). {@code failure} is false only for a clean exit 0 that rs did not cause ({@code on-failure} then
     * leaves the service exited).
     */
    private void applyPolicy(Service s, boolean failure) {
        RestartPolicy p = s.descriptor.restart();
        if (!p.restarts(failure)) {
            ended(s, Service.State.EXITED);
            return;
        }
        long now = System.nanoTime();
        int recent = s.restartsInPeriod(now);
        if (p.exhausted(recent)) {
            log(s.name() + " failed: " + s.lastExit + " after " + recent + " restarts within " + human(p.period()) + "; not restarting");
            ended(s, Service.State.FAILED);
            return;
        }
        Duration delay = p.delay(recent);
        s.recentRestarts.addLast(now);
        s.restarts++;
        s.state = Service.State.BACKOFF;
        log(s.name() + " " + s.lastExit + "; restart " + s.restarts + " in " + human(delay));
        s.backoff = timers.after(delay, () -> backoffOver(s));
    }

    private void backoffOver(Service s) {
        s.backoff = null;
        if (s.state != Service.State.BACKOFF) return;
        if (spawn(s) != Status.OK) {
            log("cannot restart " + s.name() + ": " + s.lastExit);
            applyPolicy(s, true);
        }
    }

    /** The service is over for now: its names go, and callers waiting for it to be ready are told. */
    private void ended(Service s, Service.State state) {
        s.state = state;
        registrar.unbind(s.descriptor.endpoints());
        s.endpoints.forEach(env::closeHandle); // with the instance gone too, the endpoints die: clients see PEER_DIED
        s.endpoints = List.of();
        replyReady(s, Status.BAD_STATE);
    }

    private void sessionServiceExited(Service s, Instance i) {
        ended(s, Service.State.EXITED);
        log("session service " + s.name() + " (pid " + i.pid + ") " + s.lastExit + ": ending the session");
        shutdown();
    }

    // ---------------------------------------------------------------- stop, restart, kill

    /** STOP: SIGTERM (SIGKILL after {@link #STOP_GRACE}); {@code waiter} is answered once the process is gone. */
    void stop(Service s, Message waiter) {
        switch (s.state) {
            case STARTING, RUNNING -> {
                s.stopWaiters.add(waiter);
                beginStop(s, true);
            }
            case STOPPING -> s.stopWaiters.add(waiter);
            case BACKOFF -> {
                s.backoff.cancel();
                s.backoff = null;
                ended(s, Service.State.STOPPED);
                reply(waiter, Status.OK);
            }
            default -> reply(waiter, Status.OK);
        }
    }

    private void beginStop(Service s, boolean unbind) {
        Instance i = s.current;
        s.state = Service.State.STOPPING;
        i.killReason = "stopped";
        if (unbind) registrar.unbind(s.descriptor.endpoints());
        env.kill(i.processHandle, false);
        timers.after(STOP_GRACE, () -> escalate(i));
    }

    private void escalate(Instance i) {
        if (i.dead) return;
        i.killReason = "stopped (SIGKILL after " + human(STOP_GRACE) + ")";
        env.kill(i.processHandle, true);
    }

    /** The process of a stopping service is gone: answer STOP callers, and start again for a RESTART. */
    private void stopped(Service s) {
        boolean again = s.startAfterStop && !shuttingDown;
        s.startAfterStop = false;
        s.state = Service.State.STOPPED;
        s.stopWaiters.forEach(w -> reply(w, Status.OK));
        s.stopWaiters.clear();
        if (!again) {
            ended(s, Service.State.STOPPED);
            s.restartWaiters.forEach(w -> reply(w, Status.BAD_STATE));
        } else {
            s.restarts++;
            Status st = start(s);
            if (st != Status.OK) replyReady(s, Status.BAD_STATE);
            s.restartWaiters.forEach(w -> reply(w, st));
        }
        s.restartWaiters.clear();
    }

    /** RESTART: stop, then start; {@code waiter} is answered once the new process is spawned. */
    void restart(Service s, Message waiter) {
        if (shuttingDown) {
            reply(waiter, Status.BAD_STATE);
            return;
        }
        switch (s.state) {
            case STARTING, RUNNING, STOPPING -> {
                s.startAfterStop = true;
                s.restartWaiters.add(waiter);
                if (s.state != Service.State.STOPPING) beginStop(s, false);
            }
            default -> {
                if (s.backoff != null) s.backoff.cancel();
                s.backoff = null;
                s.state = Service.State.STOPPED;
                reply(waiter, start(s));
            }
        }
    }

    /** KILL: signals the process; its death then goes through the policy like any other. */
    Status kill(Instance i, boolean force) {
        if (i.service.state != Service.State.STOPPING) i.killReason = force ? "killed (SIGKILL)" : "killed (SIGTERM)";
        Status st = env.kill(i.processHandle, force);
        return st == Status.BAD_STATE ? Status.NOT_FOUND : st; // already dead: its notice is on the way
    }

    // ---------------------------------------------------------------- waiting callers

    /** AWAIT_READY: answered OK when ready, BAD_STATE when it will not be, TIMED_OUT after {@code ms}. */
    void awaitReady(Service s, int ms, Message waiter) {
        boolean willStart = s.state == Service.State.STARTING || s.state == Service.State.BACKOFF
            || (s.state == Service.State.STOPPING && s.startAfterStop);
        if (s.state == Service.State.RUNNING) {
            reply(waiter, Status.OK);
        } else if (!willStart) {
            reply(waiter, Status.BAD_STATE);
        } else {
            s.readyWaiters.add(new Service.Waiter(waiter, timers.after(Duration.ofMillis(ms), () -> readyTimedOut(s, waiter))));
        }
    }

    private void readyTimedOut(Service s, Message waiter) {
        if (s.readyWaiters.removeIf(w -> w.reply() == waiter)) reply(waiter, Status.TIMED_OUT);
    }

    private void replyReady(Service s, Status status) {
        for (Service.Waiter w : s.readyWaiters) {
            w.deadline().cancel();
            reply(w.reply(), status);
        }
        s.readyWaiters.clear();
    }

    /** AWAIT_SESSION: answered OK once the session has ended and every service has stopped. */
    void awaitSession(Message waiter) {
        if (sessionOver) reply(waiter, Status.OK);
        else sessionWaiters.add(waiter);
    }

    // ---------------------------------------------------------------- shutdown

    /** SHUTDOWN (or the session service exited): stop everything, dependents first, then end the session. */
    void shutdown() {
        if (shuttingDown) return;
        shuttingDown = true;
        log("shutting down");
        for (Service s : table.services()) {
            if (s.state == Service.State.BACKOFF) {
                s.backoff.cancel();
                s.backoff = null;
                ended(s, Service.State.STOPPED);
            }
        }
        advanceShutdown();
    }

    /** Stops every live service that no live service depends on; ends the session when none is left. */
    private void advanceShutdown() {
        if (sessionOver) return;
        List<Service> live = table.services().stream().filter(s -> s.current != null).toList();
        if (live.isEmpty()) {
            sessionEnded();
            return;
        }
        boolean stopping = false;
        for (Service s : live) {
            if (s.state != Service.State.STOPPING && table.liveDependents(s).isEmpty()) beginStop(s, true);
            stopping |= s.state == Service.State.STOPPING;
        }
        if (!stopping) live.forEach(s -> beginStop(s, true)); // a dependency cycle among live services: stop all
    }

    private void sessionEnded() {
        sessionOver = true;
        log("session ended; every service stopped");
        sessionWaiters.forEach(w -> reply(w, Status.OK));
        sessionWaiters.clear();
    }

    // ---------------------------------------------------------------- helpers

    private void reply(Message waiter, Status status) {
        server.reply(RsProtocol.reply(waiter, status)); // CHANNEL_CLOSED when the caller left: nothing to do
    }

    /** {@code 3 s}, {@code 250 ms}: durations in log lines and exit reasons. */
    static String human(Duration d) {
        return Manifest.formatDuration(d).replaceAll("(\\d)([a-z])", "$1 $2");
    }

    static void log(String line) {
        System.out.println("rs: " + line);
        System.out.flush();
    }
}
