package dev.kernite.runtime.rs;

import dev.kernite.abi.control.Jit;
import dev.kernite.abi.control.Privileges;
import dev.kernite.abi.control.ProcessSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One service of the boot manifest — one {@code [section]}: what to run, what it serves, what it is given, what it
 * waits for, and how rs supervises it. Built only by the manifest parser ({@link Manifest}), which checks every
 * field; the compact constructor re-checks the invariants others rely on.
 *
 * @param name          the section name: the service's name in rs and names, and its process name
 * @param module        the JPMS module to run
 * @param mainClass     its main class
 * @param args          program arguments
 * @param endpoints     endpoints the kernel creates for it; rs registers each with names under its own name
 * @param grants        endpoints of other services (or {@code rs}) it gets SEND on at spawn; {@code names} always
 * @param needs         services that must be ready before it starts
 * @param privileges    {@link Privileges} bits
 * @param restart       restart policy
 * @param heartbeat     heartbeat interval and deadline, or {@link Heartbeat#OFF}
 * @param startDeadline how long it may take from spawn to ready
 * @param heapMiB       maximum Java heap
 * @param memoryQuota   bytes of dataspaces it may hold at once
 * @param jit           when its JIT compiles: {@link Jit#EARLY} for services on a data path
 * @param devices       devices of the machine it gets a capability to (it is their driver), e.g. {@code blk0}
 * @param autostart     whether init starts it at boot
 * @param session       whether its exit ends the session (shuts the system down)
 * @param origin        where it was defined, {@code FILE:LINE} of the section header
 *
 * <p>Thread safety: immutable.
 */
public record ServiceDescriptor(String name, String module, String mainClass, List<String> args,
                                List<String> endpoints, List<String> grants, List<String> needs, int privileges,
                                RestartPolicy restart, Heartbeat heartbeat, Duration startDeadline, int heapMiB,
                                long memoryQuota, Jit jit, List<String> devices, boolean autostart, boolean session, String origin) {
    /** The endpoint every service is granted SEND on (except names itself). */
    public static final String NAMES = "names";
    /** rs's own endpoint: a service may be granted it (the shell is). */
    public static final String RS = "rs";

    public ServiceDescriptor {
        Objects.requireNonNull(name);
        Objects.requireNonNull(module);
        Objects.requireNonNull(mainClass);
        args = List.copyOf(args);
        endpoints = List.copyOf(endpoints);
        grants = List.copyOf(grants);
        needs = List.copyOf(needs);
        devices = List.copyOf(devices);
        if (memoryQuota < 0 || memoryQuota > ProcessSpec.MAX_MEMORY_QUOTA) throw new IllegalArgumentException("memory quota out of range");
        Objects.requireNonNull(jit);
        Objects.requireNonNull(restart);
        Objects.requireNonNull(heartbeat);
        if (!Privileges.isValid(privileges)) throw new IllegalArgumentException("privileges");
        if (heartbeat.enabled() && endpoints.isEmpty()) throw new IllegalArgumentException("heartbeat without endpoints");
        if (!startDeadline.isPositive()) throw new IllegalArgumentException("start-deadline must be positive");
    }

    /** The start deadline in the words of an exit reason: {@code did not become ready in 10 s}. */
    public String notReadyReason() {
        return "did not become ready in " + Manifest.formatDuration(startDeadline).replaceAll("(\\d)([a-z])", "$1 $2");
    }

    /**
     * The section text that parses back to this descriptor (apart from {@link #origin}): every key written out,
     * so it can be sent to rs as a START of a new service.
     */
    public String toSection() {
        List<String> lines = new ArrayList<>();
        lines.add("[" + name + "]");
        lines.add("module         = " + module);
        lines.add("main           = " + mainClass);
        if (!args.isEmpty()) lines.add("args           = " + String.join(" ", args));
        if (!endpoints.isEmpty()) lines.add("endpoints      = " + String.join(" ", endpoints));
        if (!grants.isEmpty()) lines.add("grants         = " + String.join(" ", grants));
        if (!needs.isEmpty()) lines.add("needs          = " + String.join(" ", needs));
        lines.add("privileges     = " + Privileges.toString(privileges));
        lines.add("restart        = " + restart.mode().text());
        lines.add("backoff        = " + Manifest.formatDuration(restart.backoffFirst()) + ".." + Manifest.formatDuration(restart.backoffCap()));
        lines.add("max-restarts   = " + restart.maxRestarts() + " in " + Manifest.formatDuration(restart.period()));
        lines.add("heartbeat      = " + (heartbeat.enabled() ? Manifest.formatDuration(heartbeat.interval()) + ", deadline "
            + Manifest.formatDuration(heartbeat.deadline()) : "off"));
        lines.add("start-deadline = " + Manifest.formatDuration(startDeadline));
        lines.add("heap           = " + heapMiB + "m");
        lines.add("memory         = " + memoryQuota / 1024 + "k");
        lines.add("jit            = " + (jit == Jit.EARLY ? "early" : "late"));
        if (!devices.isEmpty()) lines.add("devices        = " + String.join(" ", devices));
        lines.add("autostart      = " + (autostart ? "yes" : "no"));
        lines.add("session        = " + (session ? "yes" : "no"));
        return String.join("\n", lines) + "\n";
    }

    /** A copy with another origin (for comparing descriptors parsed from different places). */
    public ServiceDescriptor withOrigin(String newOrigin) {
        return new ServiceDescriptor(name, module, mainClass, args, endpoints, grants, needs, privileges, restart,
            heartbeat, startDeadline, heapMiB, memoryQuota, jit, devices, autostart, session, newOrigin);
    }
}
