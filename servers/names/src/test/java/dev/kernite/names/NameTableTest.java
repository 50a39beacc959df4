package dev.kernite.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bindings: what a rebind or unbind hands back to be closed, and the sorted, pageable listing. */
class NameTableTest {

    @Test
    void bindLookupAndRebindHandsBackTheReplacedHandle() {
        NameTable t = new NameTable();
        assertEquals(0, t.lookup("echo"));
        assertEquals(0, t.bind("echo", 4097));
        assertEquals(4097, t.lookup("echo"));
        assertEquals("echo", t.nameOf(4097));
        assertEquals(0, t.bind("echo", 4097), "the same binding again replaces nothing");
        assertEquals(4097, t.bind("echo", 8193), "a restarted service's endpoint replaces the dead one");
        assertEquals(8193, t.lookup("echo"));
        assertNull(t.nameOf(4097));
        assertEquals(1, t.size());
    }

    @Test
    void aHandleIsBoundUnderOneNameOnly() {
        NameTable t = new NameTable();
        t.bind("a", 4097);
        assertThrows(IllegalArgumentException.class, () -> t.bind("b", 4097));
        assertEquals(0, t.lookup("b"));
    }

    @Test
    void unbindHandsBackTheHandle() {
        NameTable t = new NameTable();
        t.bind("a", 4097);
        assertEquals(4097, t.unbind("a"));
        assertEquals(0, t.unbind("a"));
        assertNull(t.nameOf(4097));
        assertEquals(0, t.size());
    }

    @Test
    void namesAreSortedAndSkippable() {
        NameTable t = new NameTable();
        t.bind("rs", 1);
        t.bind("echo", 2);
        t.bind("names", 3);
        assertEquals(List.of("echo", "names", "rs"), t.names(0));
        assertEquals(List.of("rs"), t.names(2));
        assertEquals(List.of(), t.names(3));
        assertEquals(List.of(), t.names(Integer.MAX_VALUE));
    }
}
