package dev.kernite.runtime.rs;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What rs does when a service's process ends without being asked to: restart policy as data, from the manifest
 * keys {@code restart}, {@code backoff} and {@code max-restarts}.
 *
 * <p>A restart waits {@code backoffFirst × 2^n}, capped at {@code backoffCap}, where {@code n} is the number of
 * restarts within the last {@code period}. When {@code maxRestarts} restarts already happened within the last
 * {@code period}, the service is marked failed instead: no restart storm.
 *
 * @param mode         when to restart
 * @param backoffFirst the delay before the first restart in a period
 * @param backoffCap   the longest delay
 * @param maxRestarts  restarts allowed within {@code period}; one more failure marks the service failed
 * @param period       the sliding window over which restarts are counted
 *
 * <p>Thread safety: immutable.
 */
public record RestartPolicy(Mode mode, Duration backoffFirst, Duration backoffCap, int maxRestarts, Duration period) {
    /** The defaults for keys a section leaves out: on-failure, 100ms..5s, 5 in 60s. */
    public static final RestartPolicy DEFAULT =
        new RestartPolicy(Mode.ON_FAILURE, Duration.ofMillis(100), Duration.ofSeconds(5), 5, Duration.ofSeconds(60));

    /** When a service is restarted. */
    public enum Mode {
        /** After every exit it did not ask rs for. */
        ALWAYS,
        /** After a failure: a crash, a kill, a hang or a missed start deadline. */
        ON_FAILURE,
        /** Never: the service stays exited. */
        NEVER;

        /** The manifest spelling: {@code always}, {@code on-failure}, {@code never}. */
        public String text() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        /** The mode a manifest spelling names, or null. */
        public static Mode parse(String text) {
            for (Mode m : values()) if (m.text().equals(text)) return m;
            return null;
        }
    }

    public RestartPolicy {
        Objects.requireNonNull(mode);
        if (backoffFirst.isNegative() || backoffCap.compareTo(backoffFirst) < 0) throw new IllegalArgumentException("backoff: need 0 <= first <= cap");
        if (maxRestarts < 0) throw new IllegalArgumentException("max-restarts < 0");
        if (!period.isPositive()) throw new IllegalArgumentException("max-restarts period must be positive");
    }

    /** Whether an exit is followed by a restart (before the cap is considered). */
    public boolean restarts(boolean failure) {
        return mode == Mode.ALWAYS || (mode == Mode.ON_FAILURE && failure);
    }

    /** True when {@code recentRestarts} (within the period) leave no room for another. */
    public boolean exhausted(int recentRestarts) {
        return recentRestarts >= maxRestarts;
    }

    /** The delay before the next restart, given the restarts already made within the period. */
    public Duration delay(int recentRestarts) {
        Duration d = backoffFirst;
        for (int i = 0; i < recentRestarts && d.compareTo(backoffCap) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(backoffCap) > 0 ? backoffCap : d;
    }
}
