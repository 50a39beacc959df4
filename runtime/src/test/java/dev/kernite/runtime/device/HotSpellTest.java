package dev.kernite.runtime.device;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hot request loop's states: when interrupts go off and on, and the last look before a spell ends. */
class HotSpellTest {
    private final List<Boolean> polling = new ArrayList<>();
    private int toReap;
    private int reaps;

    private int reap() {
        reaps++;
        int n = toReap;
        toReap = 0;
        return n;
    }

    @Test
    void aSpellStartsWithWorkTurnsInterruptsOffOnceAndLastsWhileWorkComes() {
        HotSpell spell = new HotSpell(3_600_000_000_000L, this::reap, polling::add);
        assertFalse(spell.hot(), "cold until work comes");
        spell.working();
        spell.working();
        assertTrue(spell.hot());
        assertEquals(List.of(true), polling, "interrupts off once per spell");
        spell.idle();
        assertEquals(1, reaps, "an idle look reaps");
        assertTrue(spell.hot(), "an hour has not passed");
    }

    @Test
    void anIdleSpellEndsWithInterruptsOnAndOneMoreLook() {
        HotSpell spell = new HotSpell(1, this::reap, polling::add);
        spell.working();
        assertFalse(spell.hot(), "idle past hotNanos: over");
        assertEquals(List.of(true, false), polling);
        assertEquals(1, reaps, "the ring is looked at once more after interrupts are on again");
        assertFalse(spell.hot(), "stays cold");
        assertEquals(List.of(true, false), polling);
    }

    @Test
    void completionsFoundByTheLastLookStartANewSpell() {
        HotSpell spell = new HotSpell(1, this::reap, polling::add);
        spell.working();
        toReap = 2; // finished between the last poll and interrupts going back on
        assertTrue(spell.hot());
        assertEquals(List.of(true, false, true), polling);
    }

    @Test
    void aNonPositiveSpellIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HotSpell(0, this::reap, polling::add));
    }
}
