package dev.kernite.abi;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Capability type codes are wire values: pinned, unique, and decoded without exceptions. */
class CapTypeTest {
    @Test
    void codesArePinned() {
        assertEquals(1, CapType.ENDPOINT.code());
        assertEquals(2, CapType.CHANNEL.code());
        assertEquals(3, CapType.NOTIFICATION.code());
        assertEquals(4, CapType.PROCESS.code());
        assertEquals(5, CapType.DATASPACE.code());
        assertEquals(6, CapType.DEVICE.code());
        assertEquals(6, CapType.values().length, "a new type needs a pinned code above");
    }

    @Test
    void codesAreUniqueAndNeverZero() {
        Set<Integer> seen = new HashSet<>();
        for (CapType t : CapType.values()) {
            assertNotEquals(0, t.code(), "0 is what an unset field reads as");
            assertTrue(seen.add(t.code()), t::name);
        }
    }

    @Test
    void fromCodeInvertsCode() {
        for (CapType t : CapType.values()) assertSame(t, CapType.fromCode(t.code()));
    }

    @Test
    void unknownCodesDecodeToNull() {
        for (int code : new int[] {0, 7, -1, 99, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertNull(CapType.fromCode(code), () -> "code " + code);
        }
    }
}
