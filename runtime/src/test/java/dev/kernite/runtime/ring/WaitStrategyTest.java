package dev.kernite.runtime.ring;

import dev.kernite.abi.Status;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/** The wait loop against a scripted site: phases, timeouts, interrupts, flag discipline. */
class WaitStrategyTest {

    /** Succeeds on attempt {@code succeedAt} (0 = never); counts arms and disarms. */
    private static final class ScriptedSite implements WaitSite {
        final MemorySegment word;
        final int succeedAt;
        int attempts;
        int arms;
        int disarms;
        boolean armed;

        ScriptedSite(Arena arena, int succeedAt) {
            this.word = arena.allocate(64, 64);
            this.succeedAt = succeedAt;
        }

        @Override public Status attempt() {
            attempts++;
            return attempts == succeedAt ? Status.OK : Status.WOULD_BLOCK;
        }

        @Override public int arm() {
            arms++;
            armed = true;
            return Shm.getIntVolatile(word, 0);
        }

        @Override public void disarm() {
            disarms++;
            armed = false;
        }

        @Override public MemorySegment futexSegment() { return word; }

        @Override public long futexOffset() { return 0; }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new WaitStrategy(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new WaitStrategy(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WaitStrategy(0, 0, 0));
    }

    @Test
    void zeroTimeoutMakesOneAttempt() {
        try (Arena arena = Arena.ofConfined()) {
            ScriptedSite site = new ScriptedSite(arena, 0);
            assertEquals(Status.WOULD_BLOCK, WaitStrategy.DEFAULT.await(site, 0));
            assertEquals(1, site.attempts);
            assertEquals(0, site.arms);
        }
    }

    @Test
    void succeedsWhileSpinningWithoutArming() {
        try (Arena arena = Arena.ofConfined()) {
            ScriptedSite site = new ScriptedSite(arena, 5);
            assertEquals(Status.OK, new WaitStrategy(1_000_000_000L, 0, 1_000_000).await(site, -1));
            assertEquals(5, site.attempts);
            assertEquals(0, site.arms);
        }
    }

    @Test
    void sleepsInSlicesUntilTheTimeoutAndAlwaysDisarms() {
        try (Arena arena = Arena.ofConfined()) {
            ScriptedSite site = new ScriptedSite(arena, 0);
            long start = System.nanoTime();
            assertEquals(Status.TIMED_OUT, new WaitStrategy(0, 2, 5_000_000).await(site, 30_000_000));
            assertTrue(System.nanoTime() - start >= 30_000_000);
            assertTrue(site.arms >= 2, "several slices");
            assertEquals(1, site.disarms);
            assertFalse(site.armed);
        }
    }

    @Test
    void succeedsOnTheRecheckAfterArming() {
        try (Arena arena = Arena.ofConfined()) {
            ScriptedSite site = new ScriptedSite(arena, 2);
            assertEquals(Status.OK, WaitStrategy.SLEEP.await(site, -1));
            assertEquals(1, site.arms);
            assertFalse(site.armed);
        }
    }

    @Test
    void anInterruptedWaiterReturnsInterruptedAndKeepsTheFlag() {
        try (Arena arena = Arena.ofConfined()) {
            ScriptedSite site = new ScriptedSite(arena, 0);
            Thread.currentThread().interrupt();
            try {
                assertEquals(Status.INTERRUPTED, WaitStrategy.DEFAULT.await(site, -1));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
            assertFalse(site.armed);
        }
    }
}
