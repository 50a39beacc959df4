package dev.kernite.runtime.rs;

import java.time.Duration;

/**
 * How rs checks that a service's receive loops still run: every {@code interval} it calls each of the service's
 * endpoints with {@code Server.LABEL_HEARTBEAT} (answered by the runtime inside {@code receive}); a call not
 * answered within {@code deadline} marks the service hung, and rs kills and restarts it. {@link #OFF} checks
 * nothing (services without endpoints have nothing to call).
 *
 * <p>Thread safety: immutable.
 */
public record Heartbeat(Duration interval, Duration deadline) {
    /** No heartbeats. */
    public static final Heartbeat OFF = new Heartbeat(Duration.ZERO, Duration.ZERO);
    /** The default for services with endpoints: every second, hung after 3 s without an answer. */
    public static final Heartbeat DEFAULT = new Heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(3));

    public Heartbeat {
        if (interval.isNegative() || deadline.isNegative()) throw new IllegalArgumentException("negative heartbeat");
        if (interval.isZero() != deadline.isZero()) throw new IllegalArgumentException("heartbeat: both or neither zero");
    }

    public boolean enabled() { return !interval.isZero(); }
}
