package dev.kernite.abi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Rights only ever shrink; their text form round-trips; their bits are wire values. */
class RightsTest {
    @Test
    void bitsArePinned() {
        assertEquals(1, Rights.SEND);
        assertEquals(2, Rights.SERVE);
        assertEquals(4, Rights.GRANT);
        assertEquals(8, Rights.SIGNAL);
        assertEquals(16, Rights.WAIT);
        assertEquals(32, Rights.KILL);
        assertEquals(64, Rights.WATCH);
        assertEquals(128, Rights.USE);
        assertEquals(256, Rights.READ);
        assertEquals(512, Rights.WRITE);
        assertEquals(0x3FF, Rights.ALL);
    }

    /** Every held × requested combination of the ten defined bits (1024 × 1024). */
    @Test
    void restrictNeverWidens() {
        for (int held = 0; held <= Rights.ALL; held++) {
            for (int requested = 0; requested <= Rights.ALL; requested++) {
                int got = Rights.restrict(held, requested);
                int h = held, r = requested;
                assertTrue(Rights.includes(held, got), () -> "restrict(" + h + ", " + r + ") widened held");
                assertTrue(Rights.includes(requested, got), () -> "restrict(" + h + ", " + r + ") widened requested");
                assertEquals(held & requested, got, () -> "restrict(" + h + ", " + r + ") dropped a right both have");
                assertTrue(Rights.isValid(got));
            }
        }
    }

    @Test
    void restrictDropsUndefinedBits() {
        assertEquals(0, Rights.restrict(-1 & ~Rights.ALL, -1));
        assertEquals(Rights.ALL, Rights.restrict(-1, -1));
        assertEquals(Rights.SEND, Rights.restrict(Rights.SEND | 1 << 10, Rights.SEND | 1 << 10));
        assertEquals(0, Rights.restrict(Integer.MIN_VALUE, Integer.MIN_VALUE));
    }

    @Test
    void includesIsSubset() {
        for (int held = 0; held <= Rights.ALL; held++) {
            for (int needed = 0; needed <= Rights.ALL; needed++) {
                assertEquals((needed & ~held) == 0, Rights.includes(held, needed));
            }
        }
    }

    @Test
    void isValidRejectsBitsOutsideAll() {
        for (int r = 0; r <= Rights.ALL; r++) assertTrue(Rights.isValid(r));
        for (int bit = 10; bit < 32; bit++) assertFalse(Rights.isValid(1 << bit), "bit " + bit);
        assertFalse(Rights.isValid(-1));
    }

    @Test
    void textRoundTripsForEveryCombination() {
        for (int r = 0; r <= Rights.ALL; r++) {
            String text = Rights.toString(r);
            assertEquals(r, Rights.parse(text), text);
            assertEquals(r, Rights.parse(text.replace('|', ',')), text);
            assertEquals(r, Rights.parse(text.toUpperCase(java.util.Locale.ROOT)), text);
        }
    }

    @Test
    void toStringNamesBitsInOrder() {
        assertEquals("none", Rights.toString(0));
        assertEquals("send|grant", Rights.toString(Rights.SEND | Rights.GRANT));
        assertEquals("send|serve|grant|signal|wait|kill|watch|use|read|write", Rights.toString(Rights.ALL));
    }

    @Test
    void parseAcceptsSpacingAliasesAndEmptyParts() {
        assertEquals(0, Rights.parse(""));
        assertEquals(0, Rights.parse("none"));
        assertEquals(0, Rights.parse("|,"));
        assertEquals(Rights.ALL, Rights.parse("all"));
        assertEquals(Rights.SEND | Rights.GRANT, Rights.parse(" Send | GRANT "));
        assertEquals(Rights.SEND, Rights.parse("none|send"));
        assertEquals(Rights.KILL | Rights.WATCH, Rights.parse("kill,watch,kill"));
    }

    @Test
    void parseRejectsUnknownNames() {
        for (String bad : new String[] {"sned", "send|bogus", "reed", "send grant", "1", "*"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rights.parse(bad), bad);
            assertTrue(e.getMessage().contains("known: send"), e.getMessage());
        }
    }
}
