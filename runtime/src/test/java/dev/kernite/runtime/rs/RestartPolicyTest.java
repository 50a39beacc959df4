package dev.kernite.runtime.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final RestartPolicy P =
        new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, Duration.ofMillis(100), Duration.ofSeconds(1), 3, Duration.ofSeconds(60));

    @Test
    void backoffDoublesUpToItsCap() {
        assertEquals(Duration.ofMillis(100), P.delay(0));
        assertEquals(Duration.ofMillis(200), P.delay(1));
        assertEquals(Duration.ofMillis(400), P.delay(2));
        assertEquals(Duration.ofMillis(800), P.delay(3));
        assertEquals(Duration.ofSeconds(1), P.delay(4));
        assertEquals(Duration.ofSeconds(1), P.delay(Integer.MAX_VALUE));
    }

    @Test
    void theCapOnRestartsIsCountedInThePeriod() {
        assertFalse(P.exhausted(2));
        assertTrue(P.exhausted(3));
    }

    @Test
    void modesDecideWhichExitsRestart() {
        assertTrue(P.restarts(true));
        assertFalse(P.restarts(false));
        RestartPolicy always = new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ZERO, Duration.ZERO, 1, Duration.ofSeconds(1));
        assertTrue(always.restarts(false));
        RestartPolicy never = new RestartPolicy(RestartPolicy.Mode.NEVER, Duration.ZERO, Duration.ZERO, 1, Duration.ofSeconds(1));
        assertFalse(never.restarts(true));
        assertEquals(Duration.ZERO, always.delay(5));
    }

    @Test
    void modesHaveTheirManifestSpelling() {
        for (RestartPolicy.Mode m : RestartPolicy.Mode.values()) assertEquals(m, RestartPolicy.Mode.parse(m.text()));
        assertEquals("on-failure", RestartPolicy.Mode.ON_FAILURE.text());
        assertEquals(null, RestartPolicy.Mode.parse("ON_FAILURE"));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class,
            () -> new RestartPolicy(RestartPolicy.Mode.NEVER, Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
            () -> new RestartPolicy(RestartPolicy.Mode.NEVER, Duration.ZERO, Duration.ZERO, -1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
            () -> new RestartPolicy(RestartPolicy.Mode.NEVER, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO));
    }
}
