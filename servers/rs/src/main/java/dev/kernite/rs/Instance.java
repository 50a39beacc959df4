package dev.kernite.rs;

import java.util.List;

/**
 * One process of a service — an incarnation: its pid, the capabilities rs got from spawning it (the process, with
 * KILL|WATCH|GRANT, and SEND|GRANT on each endpoint, in the descriptor's order), the death-notice bit watching it,
 * and how far it has come towards ready.
 *
 * <p>Ready means: every endpoint answered a heartbeat ({@link #answered}) and is registered with names
 * ({@link #registered}) — or, for a service without endpoints, the process said hello to the kernel
 * ({@link #running}).
 *
 * <p>Thread safety: owned by rs's main thread. The id and handles are immutable and may be handed to worker
 * threads (heartbeat monitor, registrar), which report back by id.
 */
final class Instance {
    final int id;
    final Service service;
    final int pid;
    final int processHandle;
    /** SEND|GRANT on each endpoint, in {@code service.descriptor.endpoints()} order. */
    final List<Integer> endpoints;
    final int deathBit;
    final long startedNanos = System.nanoTime();
    HeartbeatMonitor monitor;
    Timers.Timer startDeadline;
    boolean answered;
    boolean registered;
    boolean running;
    boolean dead;
    /** Why rs killed it (the exit reason it will be remembered by), or null when rs did not. */
    String killReason;

    Instance(int id, Service service, int pid, int processHandle, List<Integer> endpoints, int deathBit) {
        this.id = id;
        this.service = service;
        this.pid = pid;
        this.processHandle = processHandle;
        this.endpoints = List.copyOf(endpoints);
        this.deathBit = deathBit;
    }

    boolean ready() {
        return endpoints.isEmpty() ? running : answered && registered;
    }

    /** The handle of endpoint {@code name}, or 0. */
    int endpoint(String name) {
        int i = service.descriptor.endpoints().indexOf(name);
        return i >= 0 && i < endpoints.size() ? endpoints.get(i) : 0;
    }

    /** The exit status the kernel reported (-1 when unknown); see {@code ProcessInfo.exitCode}. */
    int exitCode = -1;

    /** Why it ended, for the service's last-exit record: rs's own reason when rs ended it, else the exit status. */
    String exitReason() {
        if (killReason != null) return killReason;
        if (exitCode > 128) return "killed by signal " + (exitCode - 128);
        return exitCode >= 0 ? "exited " + exitCode : "exited";
    }

    /** Whether the end counts as a failure for the restart policy: anything but a clean exit 0 of its own. */
    boolean failed() {
        return killReason != null || exitCode != 0;
    }

    long millisSinceStart() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public String toString() { return service.name() + "#" + id + "[pid " + pid + "]"; }
}
