package dev.kernite.abi.device;

import static dev.kernite.abi.device.DeviceRegistersLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The register page: pinned offsets, alignment, no overlap, and one line per writer. */
class DeviceRegistersLayoutTest {
    /** Every register with its width in bytes. */
    private static final Map<String, long[]> WORDS = Map.ofEntries(
        Map.entry("magic", new long[] {MAGIC_OFFSET, 4}),
        Map.entry("version", new long[] {VERSION_OFFSET, 4}),
        Map.entry("deviceId", new long[] {DEVICE_ID_OFFSET, 4}),
        Map.entry("vendorId", new long[] {VENDOR_ID_OFFSET, 4}),
        Map.entry("deviceFeatures", new long[] {DEVICE_FEATURES_OFFSET, 8}),
        Map.entry("queueNumMax", new long[] {QUEUE_NUM_MAX_OFFSET, 4}),
        Map.entry("configGeneration", new long[] {CONFIG_GENERATION_OFFSET, 4}),
        Map.entry("driverFeatures", new long[] {DRIVER_FEATURES_OFFSET, 8}),
        Map.entry("status", new long[] {STATUS_OFFSET, 4}),
        Map.entry("statusSeq", new long[] {STATUS_SEQ_OFFSET, 4}),
        Map.entry("queueSize", new long[] {QUEUE_SIZE_OFFSET, 4}),
        Map.entry("queueReady", new long[] {QUEUE_READY_OFFSET, 4}),
        Map.entry("queueDesc", new long[] {QUEUE_DESC_OFFSET, 8}),
        Map.entry("queueAvail", new long[] {QUEUE_AVAIL_OFFSET, 8}),
        Map.entry("queueUsed", new long[] {QUEUE_USED_OFFSET, 8}),
        Map.entry("deviceStatus", new long[] {DEVICE_STATUS_OFFSET, 4}),
        Map.entry("statusAck", new long[] {STATUS_ACK_OFFSET, 4}),
        Map.entry("resetGeneration", new long[] {RESET_GENERATION_OFFSET, 4}),
        Map.entry("interruptStatus", new long[] {INTERRUPT_STATUS_OFFSET, 4}),
        Map.entry("queueNotify", new long[] {QUEUE_NOTIFY_OFFSET, 4}),
        Map.entry("deviceSleeping", new long[] {DEVICE_SLEEPING_OFFSET, 4}),
        Map.entry("blkCapacity", new long[] {BLK_CAPACITY_OFFSET, 8}),
        Map.entry("blkSizeMax", new long[] {BLK_SIZE_MAX_OFFSET, 4}),
        Map.entry("blkSegMax", new long[] {BLK_SEG_MAX_OFFSET, 4}),
        Map.entry("blkBlkSize", new long[] {BLK_BLK_SIZE_OFFSET, 4}),
        Map.entry("blkReadOnly", new long[] {BLK_READ_ONLY_OFFSET, 4}));

    @Test
    void offsetsArePinned() {
        assertEquals(List.of(0L, 4L, 8L, 12L, 16L, 24L, 28L),
            List.of(MAGIC_OFFSET, VERSION_OFFSET, DEVICE_ID_OFFSET, VENDOR_ID_OFFSET, DEVICE_FEATURES_OFFSET,
                QUEUE_NUM_MAX_OFFSET, CONFIG_GENERATION_OFFSET));
        assertEquals(List.of(64L, 72L, 76L, 80L, 84L, 88L, 96L, 104L),
            List.of(DRIVER_FEATURES_OFFSET, STATUS_OFFSET, STATUS_SEQ_OFFSET, QUEUE_SIZE_OFFSET, QUEUE_READY_OFFSET,
                QUEUE_DESC_OFFSET, QUEUE_AVAIL_OFFSET, QUEUE_USED_OFFSET));
        assertEquals(List.of(128L, 132L, 136L, 192L, 256L, 320L),
            List.of(DEVICE_STATUS_OFFSET, STATUS_ACK_OFFSET, RESET_GENERATION_OFFSET, INTERRUPT_STATUS_OFFSET,
                QUEUE_NOTIFY_OFFSET, DEVICE_SLEEPING_OFFSET));
        assertEquals(List.of(1024L, 1032L, 1036L, 1040L, 1044L),
            List.of(BLK_CAPACITY_OFFSET, BLK_SIZE_MAX_OFFSET, BLK_SEG_MAX_OFFSET, BLK_BLK_SIZE_OFFSET, BLK_READ_ONLY_OFFSET));
        assertEquals(4096, SIZE);
        assertEquals(SIZE, CONFIG_OFFSET + CONFIG_SIZE);
    }

    @Test
    void everyWordIsAlignedAndInsideThePage() {
        WORDS.forEach((name, w) -> {
            assertEquals(0, w[0] % w[1], () -> name + " is not " + w[1] + "-aligned");
            assertTrue(w[0] >= 0 && w[0] + w[1] <= SIZE, name);
            assertEquals(w[0] / LINE, (w[0] + w[1] - 1) / LINE, () -> name + " straddles a line");
        });
    }

    @Test
    void wordsDoNotOverlap() {
        WORDS.forEach((a, wa) -> WORDS.forEach((b, wb) -> {
            if (!a.equals(b)) assertTrue(wa[0] + wa[1] <= wb[0] || wb[0] + wb[1] <= wa[0], () -> a + " overlaps " + b);
        }));
    }

    @Test
    void wordsOfDifferentWritersOrRatesHaveLinesOfTheirOwn() {
        // identity (device, rare) · set-up (driver) · state (device) · interrupts (both, atomic) · doorbell · sleep flag
        List<Long> firstWords = List.of(MAGIC_OFFSET, DRIVER_FEATURES_OFFSET, DEVICE_STATUS_OFFSET,
            INTERRUPT_STATUS_OFFSET, QUEUE_NOTIFY_OFFSET, DEVICE_SLEEPING_OFFSET, CONFIG_OFFSET);
        Set<Long> lines = new HashSet<>();
        for (long offset : firstWords) assertTrue(lines.add(offset / LINE), () -> "line of " + offset + " is shared");
        assertTrue(QUEUE_USED_OFFSET + 8 <= DEVICE_STATUS_OFFSET, "driver words stay on the driver's line");
        assertTrue(RESET_GENERATION_OFFSET + 4 <= INTERRUPT_STATUS_OFFSET);
        assertTrue(DEVICE_SLEEPING_OFFSET + 4 <= CONFIG_OFFSET);
    }

    @Test
    void magicAndVendorReadAsText() {
        assertEquals("virt", littleEndianText(MAGIC));
        assertEquals("KNRT", littleEndianText(VENDOR_KERNITE));
    }

    @Test
    void statusAndInterruptBitsAreVirtios() {
        assertArrayEquals(new int[] {1, 2, 4, 8, 64, 128},
            new int[] {ACKNOWLEDGE, DRIVER, DRIVER_OK, FEATURES_OK, DEVICE_NEEDS_RESET, FAILED});
        assertEquals(1, INTERRUPT_USED_BUFFER);
        assertEquals(2, INTERRUPT_CONFIG_CHANGE);
        assertEquals(28, Long.numberOfTrailingZeros(F_INDIRECT_DESC));
        assertEquals(29, Long.numberOfTrailingZeros(F_EVENT_IDX));
        assertEquals(32, Long.numberOfTrailingZeros(F_VERSION_1));
        assertEquals(2, DEVICE_ID_BLOCK);
    }

    private static String littleEndianText(int v) {
        byte[] b = {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
        return new String(b, StandardCharsets.US_ASCII);
    }
}
