package dev.kernite.machine.block;

import static dev.kernite.abi.device.BlkRequestLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.machine.testing.BlockRig;
import dev.kernite.machine.testing.FakeDma;
import dev.kernite.machine.testing.Fenced;
import dev.kernite.runtime.device.VirtqueueDriver.Buffer;
import dev.kernite.runtime.device.VirtqueueDriver.Used;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device reaches memory only through IOMMU windows: buffers that are unmapped, span two mappings, are
 * read-only where the device must write, or vanish under it fail the request with IOERR (or, when even the
 * status byte is out of reach, with used length 0) — and memory next to a mapping is provably never touched.
 */
class IommuTest {
    private static final int PAGE = 4096;
    private static final byte PATTERN = (byte) 0xA5;
    private static final long HEADERS = 0x4000_0000L, STATUS = 0x4100_0000L, FENCED = 0x4200_0000L,
        READ_ONLY = 0x4300_0000L, PAIR = 0x4400_0000L, VANISHING = 0x4500_0000L, UNMAPPED = 0x5000_0000L;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;
    private BlockRig rig;
    private FakeDma dma;
    private MemorySegment headers, status, readOnly, pairLow, pairHigh;
    private Fenced fenced;

    @BeforeEach
    void setUp() throws Exception {
        rig = BlockRig.start(dir, 1L << 20);
        dma = rig.bus.dma();
        headers = dma.map(HEADERS, PAGE, false);
        headers.set(U32, TYPE_OFFSET, T_IN);          // header 0: IN, sector 0
        headers.set(U32, 64 + TYPE_OFFSET, T_OUT);    // header 1: OUT, sector 0
        status = dma.map(STATUS, PAGE, true);
        fenced = dma.mapFenced(FENCED, PAGE, true, PATTERN);
        readOnly = dma.map(READ_ONLY, PAGE, false);
        readOnly.fill(PATTERN);
        pairLow = dma.map(PAIR, PAGE, true);      // two mappings adjacent in IOVA space
        pairHigh = dma.map(PAIR + PAGE, PAGE, true);
        pairLow.fill(PATTERN);
        pairHigh.fill(PATTERN);
        Files.write(rig.image, new byte[1 << 20]); // the disk reads as zeros, unlike the pattern
    }

    @AfterEach
    void tearDown() {
        if (rig != null) rig.close();
    }

    @Test
    void aReadIntoUnmappedMemoryFailsWithIoError() {
        assertIoError(read(UNMAPPED, PAGE));
        assertEquals(1, rig.device.stats().malformed());
    }

    @Test
    void aBufferAcrossTwoMappingsFailsAndNeitherIsTouched() {
        assertIoError(read(PAIR + PAGE / 2, PAGE));
        assertAll(pairLow, PATTERN);
        assertAll(pairHigh, PATTERN);
    }

    @Test
    void aDeviceWriteIntoAReadOnlyMappingFailsAndLeavesItAlone() {
        assertIoError(read(READ_ONLY, PAGE));
        assertAll(readOnly, PATTERN);
    }

    @Test
    void aBufferRunningPastItsMappingFailsAndTheSentinelsAreUntouched() {
        assertIoError(read(FENCED + PAGE / 2, PAGE));
        assertIoError(read(FENCED - SECTOR_SIZE, PAGE));
        assertAll(fenced.all(), PATTERN);
        assertEquals(S_OK, statusOf(read(FENCED, PAGE)), "the mapped page itself is fine");
        assertAll(fenced.mapped(), (byte) 0);
        assertNull(fenced.sentinelDamage());
    }

    @Test
    void aWriteFromUnmappedMemoryFailsAndLeavesTheDiskAlone() throws Exception {
        Used u = rig.driver.submit(List.of(new Buffer(HEADERS + 64, HEADER_SIZE, false), new Buffer(UNMAPPED, PAGE, false),
            new Buffer(STATUS, 1, true)));
        assertIoError(u);
        assertArrayEquals(new byte[1 << 20], Files.readAllBytes(rig.image));
    }

    @Test
    void anUnreachableStatusByteCompletesWithLengthZero() {
        Used u = rig.driver.submit(List.of(new Buffer(HEADERS, HEADER_SIZE, false), new Buffer(FENCED, PAGE, true),
            new Buffer(READ_ONLY, 1, true)));
        assertEquals(0, u.length());
        assertAll(readOnly, PATTERN);
        u = rig.driver.submit(List.of(new Buffer(HEADERS, HEADER_SIZE, false), new Buffer(UNMAPPED, 1, true)));
        assertEquals(0, u.length());
        assertEquals(2, rig.device.stats().malformed());
    }

    @Test
    void anUnmappedHeaderFailsWithIoError() {
        Used u = rig.driver.submit(List.of(new Buffer(UNMAPPED, HEADER_SIZE, false), new Buffer(FENCED, PAGE, true),
            new Buffer(STATUS, 1, true)));
        assertIoError(u);
        assertAll(fenced.all(), PATTERN);
    }

    @Test
    void memoryThatVanishesUnderTheDeviceFailsTheRequest() {
        dma.mapVanishing(VANISHING, PAGE, true);
        assertIoError(read(VANISHING, PAGE));
        dma.mapVanishing(VANISHING + 2 * PAGE, PAGE, true);
        Used u = rig.driver.submit(List.of(new Buffer(HEADERS, HEADER_SIZE, false), new Buffer(FENCED, PAGE, true),
            new Buffer(VANISHING + 2 * PAGE, 1, true)));
        assertEquals(0, u.length(), "the status byte vanished too");
        assertEquals(S_OK, rig.driver.read(0, new byte[PAGE]).status(), "the device carries on");
        assertEquals(0, rig.device.stats().internalErrors());
    }

    @Test
    void afterEveryRefusalTheDeviceStillWorks() {
        aReadIntoUnmappedMemoryFailsWithIoError();
        aBufferAcrossTwoMappingsFailsAndNeitherIsTouched();
        byte[] back = new byte[PAGE];
        assertEquals(S_OK, rig.driver.write(3, BlockDeviceTest.random(PAGE, 9)).status());
        assertEquals(S_OK, rig.driver.read(3, back).status());
        assertArrayEquals(BlockDeviceTest.random(PAGE, 9), back);
        assertTrue(dma.faults() >= 2);
    }

    /** An IN of sector 0 into {@code length} bytes at {@code iova}, status in the status page. */
    private Used read(long iova, int length) {
        status.set(ValueLayout.JAVA_BYTE, 0, (byte) 0xFF);
        return rig.driver.submit(List.of(new Buffer(HEADERS, HEADER_SIZE, false), new Buffer(iova, length, true),
            new Buffer(STATUS, 1, true)));
    }

    private int statusOf(Used u) {
        assertEquals(PAGE + 1, u.length());
        return Byte.toUnsignedInt(status.get(ValueLayout.JAVA_BYTE, 0));
    }

    private void assertIoError(Used u) {
        assertEquals(1, u.length(), "only the status byte was written");
        assertEquals(S_IOERR, Byte.toUnsignedInt(status.get(ValueLayout.JAVA_BYTE, 0)));
        status.set(ValueLayout.JAVA_BYTE, 0, (byte) 0xFF);
    }

    private static void assertAll(MemorySegment m, byte expected) {
        assertEquals(-1, Fenced.firstChange(m, expected), "the first changed byte");
    }
}
