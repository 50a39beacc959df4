package dev.kernite.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimersTest {
    @Test
    void dueTimersRunInOrderAndCancelledOnesNever() {
        Timers t = new Timers();
        List<String> ran = new ArrayList<>();
        assertNull(t.untilNext());
        t.after(Duration.ZERO, () -> ran.add("b"));
        Timers.Timer dropped = t.after(Duration.ZERO, () -> ran.add("dropped"));
        t.after(Duration.ofHours(1), () -> ran.add("later"));
        t.after(Duration.ofSeconds(-1), () -> ran.add("a")); // due before b
        dropped.cancel();
        t.runDue();
        assertEquals(List.of("a", "b"), ran);
        Duration next = t.untilNext();
        assertTrue(next.compareTo(Duration.ofMinutes(59)) > 0, next.toString());
    }

    @Test
    void anActionMaySchedule() {
        Timers t = new Timers();
        List<String> ran = new ArrayList<>();
        t.after(Duration.ZERO, () -> t.after(Duration.ZERO, () -> ran.add("second")));
        t.runDue();
        assertTrue(ran.isEmpty(), "what an action schedules runs at the next round, not in this one");
        assertTrue(t.untilNext().compareTo(Duration.ofSeconds(1)) < 0);
        t.runDue();
        assertEquals(List.of("second"), ran);
    }
}
