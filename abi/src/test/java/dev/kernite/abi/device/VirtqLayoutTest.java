package dev.kernite.abi.device;

import static dev.kernite.abi.device.VirtqLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The split virtqueue: field offsets and sizes as in virtio 1.x §2.7, and the contiguous arrangement. */
class VirtqLayoutTest {
    @Test
    void descriptorFieldsArePinnedAndAligned() {
        assertEquals(16, DESC_SIZE);
        assertEquals(0, DESC_ADDR);
        assertEquals(8, DESC_LEN);
        assertEquals(12, DESC_FLAGS);
        assertEquals(14, DESC_NEXT);
        assertEquals(0, DESC_LEN % 4);
        assertEquals(0, DESC_FLAGS % 2);
        assertEquals(0, DESC_NEXT % 2);
        assertEquals(48, descOffset(3));
        assertArrayEquals(new int[] {1, 2, 4}, new int[] {DESC_F_NEXT, DESC_F_WRITE, DESC_F_INDIRECT});
    }

    @Test
    void ringSizesFollowTheQueueSize() {
        assertEquals(16 * 256, descTableBytes(256));
        assertEquals(6 + 2 * 256, availBytes(256));
        assertEquals(6 + 8 * 256, usedBytes(256));
        assertEquals(4 + 2 * 7, availEntry(7));
        assertEquals(4 + 2 * 256, usedEvent(256));
        assertEquals(4 + 8 * 7, usedEntry(7));
        assertEquals(4 + 8 * 256, availEvent(256));
        assertEquals(0, USED_ELEM_ID);
        assertEquals(4, USED_ELEM_LEN);
        assertEquals(2, AVAIL_IDX);
        assertEquals(2, USED_IDX);
    }

    @Test
    void contiguousArrangementMeetsEveryAlignmentAndNeverOverlaps() {
        for (int n = 1; n <= MAX_SIZE; n <<= 1) {
            assertEquals(0, availOffset(n) % AVAIL_ALIGN, "avail of " + n);
            assertEquals(0, usedOffset(n) % 64, "used of " + n);
            assertEquals(0, usedOffset(n) % USED_ALIGN, "used of " + n);
            assertTrue(availOffset(n) >= descTableBytes(n));
            assertTrue(usedOffset(n) >= availOffset(n) + availBytes(n));
            assertEquals(usedOffset(n) + usedBytes(n), ringBytes(n));
        }
        assertEquals(4096 + 576, usedOffset(256));
    }

    @Test
    void validSizesArePowersOfTwoUpToTheMaximum() {
        assertTrue(isValidSize(1));
        assertTrue(isValidSize(256));
        assertTrue(isValidSize(1024));
        assertFalse(isValidSize(0));
        assertFalse(isValidSize(-4));
        assertFalse(isValidSize(3));
        assertFalse(isValidSize(2048));
    }
}
