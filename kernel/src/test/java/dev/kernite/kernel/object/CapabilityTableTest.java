package dev.kernite.kernel.object;

import dev.kernite.abi.CapType;
import dev.kernite.abi.NotificationLayout;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Handles, generations, and the one-step rights-checked lookup. */
class CapabilityTableTest {
    private static final int USABLE = CapabilityTable.CAPACITY - 1; // index 0 is never used

    private final TestMemory memory = new TestMemory();
    private CapabilityTable table;
    private NotificationObject note;
    private ProcessObject proc;

    @BeforeEach
    void setUp() {
        table = new CapabilityTable();
        note = new NotificationObject(1, memory.allocate("cap-table-test", NotificationLayout.SIZE));
        proc = TestMemory.process(2, "p");
    }

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private Capability noteCap(int rights) { return new Capability(CapType.NOTIFICATION, note, rights); }

    private Capability procCap(int rights) { return new Capability(CapType.PROCESS, proc, rights); }

    private static int index(int handle) { return handle & (CapabilityTable.CAPACITY - 1); }

    @Test
    void insertThenGetAndRemove() {
        Capability c = noteCap(Rights.SIGNAL);
        int h = table.insert(c);
        assertSame(c, table.get(h));
        assertEquals(1, table.size());
        assertSame(c, table.remove(h));
        assertNull(table.get(h));
        assertNull(table.remove(h), "removing twice");
        assertEquals(0, table.size());
    }

    @Test
    void handlesAreNeverZeroOrNegativeAndNeverRepeatWhileHeld() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < USABLE; i++) {
            int h = table.insert(procCap(Rights.KILL));
            assertTrue(h > 0, "handle " + h);
            assertNotEquals(0, index(h), "index 0 is reserved");
            assertTrue(seen.add(h));
        }
    }

    @Test
    void fillsToCapacityMinusOneThenRefuses() {
        for (int i = 0; i < USABLE; i++) {
            assertTrue(table.hasRoom(), "room before insert " + i);
            table.insert(procCap(0));
        }
        assertEquals(USABLE, table.size());
        assertFalse(table.hasRoom());
        assertThrows(IllegalStateException.class, () -> table.insert(procCap(0)));
        assertEquals(USABLE, table.size(), "a refused insert changes nothing");
    }

    @Test
    void aFreedSlotMakesRoomAgain() {
        List<Integer> handles = new ArrayList<>();
        for (int i = 0; i < USABLE; i++) handles.add(table.insert(procCap(0)));
        int victim = handles.get(1234);
        table.remove(victim);
        assertTrue(table.hasRoom());
        int again = table.insert(noteCap(Rights.WAIT));
        assertEquals(index(victim), index(again), "the only free slot is reused");
        assertNotEquals(victim, again, "with a new generation");
        assertFalse(table.hasRoom());
    }

    @Test
    void staleHandleOfAReusedSlotIsInvalid() {
        int stale = table.insert(noteCap(Rights.ALL));
        for (int i = 1; i < USABLE; i++) table.insert(procCap(0));
        table.remove(stale);
        int fresh = table.insert(noteCap(Rights.ALL)); // forced into stale's slot: the only free one
        assertEquals(index(stale), index(fresh));
        assertNull(table.get(stale));
        assertEquals(new CapabilityTable.Lookup.Denied(Status.INVALID_HANDLE), table.lookup(stale, CapType.NOTIFICATION, 0));
        assertNull(table.remove(stale), "a stale handle removes nothing");
        assertEquals(USABLE, table.size());
        assertNotNull(table.get(fresh), "the slot's new occupant is untouched");
    }

    @Test
    void manyReusesOfOneSlotNeverRevalidateAnOldHandle() {
        for (int i = 1; i < USABLE; i++) table.insert(procCap(0));
        Set<Integer> issued = new HashSet<>();
        int current = table.insert(noteCap(0));
        for (int i = 0; i < 10_000; i++) {
            assertTrue(issued.add(current), "handle " + current + " issued twice");
            table.remove(current);
            current = table.insert(noteCap(0));
        }
        for (int h : issued) assertNull(table.get(h), "stale " + h);
        assertNotNull(table.get(current));
    }

    @Test
    void lookupDeniesExactlyPerCause() {
        int n = table.insert(noteCap(Rights.SIGNAL | Rights.GRANT));
        int p = table.insert(procCap(Rights.KILL));
        assertEquals(new CapabilityTable.Lookup.Found(table.get(n)), table.lookup(n, CapType.NOTIFICATION, Rights.SIGNAL));
        assertEquals(new CapabilityTable.Lookup.Found(table.get(n)), table.lookup(n, CapType.NOTIFICATION, 0));
        assertEquals(new CapabilityTable.Lookup.Found(table.get(p)), table.lookup(p, CapType.PROCESS, Rights.KILL));
        assertEquals(denied(Status.ACCESS_DENIED), table.lookup(n, CapType.NOTIFICATION, Rights.WAIT));
        assertEquals(denied(Status.ACCESS_DENIED), table.lookup(n, CapType.NOTIFICATION, Rights.SIGNAL | Rights.WAIT));
        assertEquals(denied(Status.ACCESS_DENIED), table.lookup(p, CapType.PROCESS, Rights.WATCH));
        assertEquals(denied(Status.WRONG_TYPE), table.lookup(n, CapType.PROCESS, Rights.KILL));
        assertEquals(denied(Status.WRONG_TYPE), table.lookup(n, CapType.ENDPOINT, Rights.WAIT), "type is checked before rights");
        assertEquals(denied(Status.WRONG_TYPE), table.lookup(p, CapType.CHANNEL, 0));
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE, 1 << 12 | 3, n ^ (1 << 12), p | (1 << 30), Integer.MAX_VALUE}) {
            assertEquals(denied(Status.INVALID_HANDLE), table.lookup(bad, CapType.NOTIFICATION, 0), "handle " + bad);
        }
        table.remove(n);
        assertEquals(denied(Status.INVALID_HANDLE), table.lookup(n, CapType.NOTIFICATION, 0), "removed");
    }

    private static CapabilityTable.Lookup denied(Status s) { return new CapabilityTable.Lookup.Denied(s); }

    /** Every held × needed combination: Found exactly when held includes needed. */
    @Test
    void lookupChecksRightsExhaustively() {
        int[] handles = new int[Rights.ALL + 1];
        for (int held = 0; held <= Rights.ALL; held++) handles[held] = table.insert(noteCap(held));
        for (int held = 0; held <= Rights.ALL; held++) {
            for (int needed = 0; needed <= Rights.ALL; needed++) {
                var got = table.lookup(handles[held], CapType.NOTIFICATION, needed);
                if ((held & needed) == needed) {
                    var found = assertInstanceOf(CapabilityTable.Lookup.Found.class, got);
                    assertEquals(held, found.cap().rights());
                } else {
                    assertEquals(denied(Status.ACCESS_DENIED), got, "held " + held + " needed " + needed);
                }
            }
        }
    }

    @Test
    void handlesOfListsEveryHandleOfAnObject() {
        int a = table.insert(noteCap(Rights.SIGNAL));
        int x = table.insert(procCap(0));
        int b = table.insert(noteCap(Rights.WAIT));
        assertEquals(List.of(a, b), table.handlesOf(note));
        assertEquals(List.of(x), table.handlesOf(proc));
        assertEquals(List.of(), table.handlesOf(TestMemory.process(9, "other")));
        table.remove(a);
        assertEquals(List.of(b), table.handlesOf(note));
    }

    @Test
    void clearReturnsEverythingAndInvalidatesEveryHandle() {
        List<Integer> old = new ArrayList<>();
        for (int i = 0; i < 100; i++) old.add(table.insert(i % 2 == 0 ? noteCap(i) : procCap(i)));
        table.remove(old.get(7));
        List<Capability> cleared = table.clear();
        assertEquals(99, cleared.size());
        assertEquals(0, table.size());
        assertTrue(table.hasRoom());
        for (int h : old) assertNull(table.get(h));
        Set<Integer> fresh = new HashSet<>();
        for (int i = 0; i < USABLE; i++) fresh.add(table.insert(procCap(0)));
        for (int h : old) {
            assertFalse(fresh.contains(h), "old handle " + h + " reissued after clear");
            assertNull(table.get(h));
        }
        assertEquals(List.of(), new CapabilityTable().clear());
    }

    /** Guessing: a handle names something only if it was issued and is still held. */
    @Test
    void randomGuessesNeverHitUnlessIssued() {
        SplittableRandom rnd = new SplittableRandom(0x6E55_0001L);
        Set<Integer> live = new HashSet<>();
        Set<Integer> dead = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1500; i++) live.add(table.insert(noteCap(Rights.ALL)));
            for (int h : List.copyOf(live)) {
                if (rnd.nextInt(3) == 0) {
                    table.remove(h);
                    live.remove(h);
                    dead.add(h);
                }
            }
        }
        for (int h : live) assertNotNull(table.get(h));
        for (int h : dead) if (!live.contains(h)) assertNull(table.get(h), "removed " + h);
        int hits = 0;
        for (int i = 0; i < 1_000_000; i++) {
            int guess = switch (i % 3) {
                case 0 -> rnd.nextInt();                                                // anything
                case 1 -> (1 + rnd.nextInt(4)) << 12 | rnd.nextInt(CapabilityTable.CAPACITY); // low generations
                default -> rnd.nextInt(1 << 19) << 12 | rnd.nextInt(CapabilityTable.CAPACITY);
            };
            if (table.get(guess) != null) {
                assertTrue(live.contains(guess), "guess " + guess + " names a capability it was never issued for");
                hits++;
            }
        }
        assertTrue(hits > 0, "low-generation guesses should sometimes equal a live handle exactly");
    }
}
