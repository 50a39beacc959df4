package dev.kernite.abi.device;

import static dev.kernite.abi.device.BlkRequestLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The block request header, status values and feature bits, as virtio-blk defines them. */
class BlkRequestLayoutTest {
    @Test
    void headerIsPinned() {
        assertEquals(16, HEADER_SIZE);
        assertEquals(0, TYPE_OFFSET);
        assertEquals(4, RESERVED_OFFSET);
        assertEquals(8, SECTOR_OFFSET);
        assertEquals(0, SECTOR_OFFSET % 8);
        assertEquals(512, SECTOR_SIZE);
        assertEquals(20, ID_BYTES);
    }

    @Test
    void typesAndStatusesAreVirtios() {
        assertArrayEquals(new int[] {0, 1, 4, 8}, new int[] {T_IN, T_OUT, T_FLUSH, T_GET_ID});
        assertArrayEquals(new int[] {0, 1, 2}, new int[] {S_OK, S_IOERR, S_UNSUPP});
    }

    @Test
    void featureBitsAreVirtios() {
        assertEquals(1, Long.numberOfTrailingZeros(F_SIZE_MAX));
        assertEquals(2, Long.numberOfTrailingZeros(F_SEG_MAX));
        assertEquals(5, Long.numberOfTrailingZeros(F_RO));
        assertEquals(6, Long.numberOfTrailingZeros(F_BLK_SIZE));
        assertEquals(9, Long.numberOfTrailingZeros(F_FLUSH));
        for (long f : new long[] {F_SIZE_MAX, F_SEG_MAX, F_RO, F_BLK_SIZE, F_FLUSH}) assertEquals(1, Long.bitCount(f));
        assertEquals(0, (F_SIZE_MAX | F_SEG_MAX | F_RO | F_BLK_SIZE | F_FLUSH) & DeviceRegistersLayout.F_VERSION_1);
    }
}
