package dev.kernite.abi;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Status codes cross process boundaries: they are pinned here so a renumbering fails a test. */
class StatusTest {
    /** The wire code of every constant, written out by hand. Change only together with every peer. */
    private static final Map<Status, Integer> PINNED = new EnumMap<>(Map.ofEntries(
        Map.entry(Status.OK, 0),
        Map.entry(Status.INVALID_ARGUMENT, 1),
        Map.entry(Status.INVALID_HANDLE, 2),
        Map.entry(Status.WRONG_TYPE, 3),
        Map.entry(Status.ACCESS_DENIED, 4),
        Map.entry(Status.PEER_DIED, 5),
        Map.entry(Status.CHANNEL_CLOSED, 6),
        Map.entry(Status.PROTOCOL_ERROR, 7),
        Map.entry(Status.WOULD_BLOCK, 8),
        Map.entry(Status.TIMED_OUT, 9),
        Map.entry(Status.OUT_OF_MEMORY, 10),
        Map.entry(Status.NO_RESOURCES, 11),
        Map.entry(Status.NOT_FOUND, 12),
        Map.entry(Status.ALREADY_EXISTS, 13),
        Map.entry(Status.MESSAGE_TOO_LARGE, 14),
        Map.entry(Status.INTERRUPTED, 15),
        Map.entry(Status.NOT_SUPPORTED, 16),
        Map.entry(Status.HOST_ERROR, 17),
        Map.entry(Status.BAD_STATE, 18),
        Map.entry(Status.KERNEL_GONE, 19),
        Map.entry(Status.RETRY_UNSAFE, 20)));

    @Test
    void everyConstantIsPinned() {
        for (Status s : Status.values()) assertTrue(PINNED.containsKey(s), () -> s + " has no pinned code in this test");
    }

    @Test
    void codesAreExactlyThePinnedOnes() {
        PINNED.forEach((s, code) -> assertEquals(code, s.code(), () -> s + " was renumbered"));
    }

    @Test
    void codesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (Status s : Status.values()) assertTrue(seen.add(s.code()), () -> "duplicate code " + s.code());
    }

    @Test
    void fromCodeInvertsCode() {
        for (Status s : Status.values()) assertSame(s, Status.fromCode(s.code()));
    }

    @Test
    void unknownCodesDecodeToProtocolError() {
        int[] unknown = {-1, -7, Integer.MIN_VALUE, Status.values().length, 21, 99, 200, 0x10000, Integer.MAX_VALUE};
        for (int code : unknown) assertSame(Status.PROTOCOL_ERROR, Status.fromCode(code), () -> "code " + code);
    }

    @Test
    void onlyOkIsOk() {
        for (Status s : Status.values()) assertEquals(s == Status.OK, s.isOk(), s::name);
        assertEquals(0, Status.OK.code());
    }

    @Test
    void everyStatusHasADescription() {
        Set<String> seen = new HashSet<>();
        for (Status s : Status.values()) {
            assertFalse(s.description().isBlank(), s::name);
            assertTrue(seen.add(s.description()), () -> "two statuses read the same: " + s.description());
        }
    }
}
