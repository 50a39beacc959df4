package dev.kernite.rs;

import dev.kernite.runtime.Message;
import dev.kernite.runtime.rs.RsClient.ServiceInfo;
import dev.kernite.runtime.rs.ServiceDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * One row of rs's service table: a service's descriptor, where it is in its life cycle, its current process (if
 * any), what happened to it so far, and the callers waiting on it (deferred replies).
 *
 * <pre>
 *            START            ready              exit (policy: restart)       backoff over
 *  stopped ─────────► starting ─────► running ─────────────────────► backoff ─────────────► starting …
 *     ▲                  │  STOP / RESTART / SHUTDOWN      │ exit (policy: none)    │ cap reached
 *     └──── stopping ◄───┴─────────────────────────────────┘──► exited              └──► failed
 * </pre>
 *
 * <p>Thread safety: owned by rs's main thread; no other thread reads or writes it.
 */
final class Service {
    enum State {
        STOPPED, STARTING, RUNNING, STOPPING, BACKOFF, EXITED, FAILED;

        String text() { return name().toLowerCase(Locale.ROOT); }

        /** A process exists (or is about to, in backoff): START says ALREADY_EXISTS. */
        boolean active() { return this == STARTING || this == RUNNING || this == STOPPING || this == BACKOFF; }
    }

    /** A deferred reply: the message holding the caller's reply token, and (for AWAIT_READY) its deadline timer. */
    record Waiter(Message reply, Timers.Timer deadline) { }

    ServiceDescriptor descriptor;
    State state = State.STOPPED;
    /** The live process, or null. */
    Instance current;
    int restarts;
    /**
     * rs's SERVE|SEND|GRANT handles on the service's endpoints (descriptor order), made at its first start and kept
     * across restarts: each new instance is granted the same endpoints, so clients' capabilities stay good. Closed
     * when the service is over (stopped, failed, exited).
     */
    List<Integer> endpoints = List.of();
    String lastExit = "";
    long startedMillis;
    /** A RESTART asked for: start again once the process is gone. */
    boolean startAfterStop;
    /** The pending restart after a backoff delay, or null. */
    Timers.Timer backoff;
    /** When failure restarts happened (nanoTime), oldest first; pruned to the policy's period. */
    final Deque<Long> recentRestarts = new ArrayDeque<>();
    final List<Waiter> readyWaiters = new ArrayList<>();
    final List<Message> stopWaiters = new ArrayList<>();
    final List<Message> restartWaiters = new ArrayList<>();

    Service(ServiceDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    String name() { return descriptor.name(); }

    /** Failure restarts within the policy's period, dropping older ones. */
    int restartsInPeriod(long now) {
        long period = descriptor.restart().period().toNanos();
        while (!recentRestarts.isEmpty() && now - recentRestarts.peekFirst() > period) recentRestarts.removeFirst();
        return recentRestarts.size();
    }

    ServiceInfo info() {
        return new ServiceInfo(name(), current == null ? 0 : current.pid, state.text(), restarts, lastExit, startedMillis,
            descriptor.restart().mode().text());
    }

    @Override
    public String toString() { return name() + "[" + state.text() + (current == null ? "" : ", pid " + current.pid) + "]"; }
}
