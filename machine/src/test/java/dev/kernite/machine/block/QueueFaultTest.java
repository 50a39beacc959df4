package dev.kernite.machine.block;

import static dev.kernite.abi.device.BlkRequestLayout.*;
import static dev.kernite.abi.device.DeviceRegistersLayout.*;
import static dev.kernite.abi.device.VirtqLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Status;
import dev.kernite.machine.testing.BlockRig;
import dev.kernite.machine.testing.RawQueue;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hostile driver move at a time: bad chains fail as requests (IOERR, or used length 0 when the status is out
 * of reach); broken rings and impossible set-ups make the device ask for a reset, after which it works again.
 */
class QueueFaultTest {
    private static final int SIZE = 16;
    private static final int IN_DATA = DESC_F_WRITE | DESC_F_NEXT;
    private static final long RING = 0x20_0000L, HEADER = 0x30_0000L, DATA = 0x31_0000L, STATUS = 0x32_0000L;

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private BlockRig rig;
    private RawQueue raw;
    private MemorySegment status;
    private int published;

    @BeforeEach
    void setUp() throws Exception {
        rig = BlockRig.start(dir, 1L << 20);
        raw = new RawQueue(rig.bus, RING, SIZE);
        MemorySegment header = rig.bus.dma().map(HEADER, 4096, false);
        header.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), TYPE_OFFSET, T_IN);
        rig.bus.dma().map(DATA, 4096, true);
        status = rig.bus.dma().map(STATUS, 4096, true);
        assertEquals(Status.OK, raw.bringUp());
    }

    @AfterEach
    void tearDown() {
        if (rig != null) rig.close();
    }

    @Test
    void aChainThatLoopsCompletesWithLengthZero() {
        raw.descriptor(0, HEADER, HEADER_SIZE, DESC_F_NEXT, 1);
        raw.descriptor(1, DATA, 512, DESC_F_NEXT | DESC_F_WRITE, 0);
        assertCompletedWithLength(0);
        assertEquals(1, rig.device.stats().malformed());
    }

    @Test
    void aLinkPastTheQueueCompletesWithLengthZero() {
        raw.descriptor(0, HEADER, HEADER_SIZE, DESC_F_NEXT, SIZE);
        assertCompletedWithLength(0);
    }

    @Test
    void ruleBreakingChainsWithAReachableStatusFailWithIoError() {
        request(new int[] {DESC_F_INDIRECT | DESC_F_NEXT, IN_DATA, DESC_F_WRITE}, 512); // indirect, not negotiated
        assertIoError();
        request(new int[] {DESC_F_NEXT, IN_DATA, DESC_F_WRITE}, 0);
        assertIoError();
        request(new int[] {DESC_F_NEXT, IN_DATA, DESC_F_WRITE}, BlockBackend.SIZE_MAX + 1);
        assertIoError();
        request(new int[] {DESC_F_NEXT | DESC_F_WRITE, DESC_F_NEXT, DESC_F_WRITE}, 512); // readable after writable
        assertIoError();
        assertEquals(4, rig.device.stats().malformed());
        assertEquals(0, rig.device.stats().queueFaults());
        assertFalse(raw.registers().needsReset());
    }

    @Test
    void anAvailableIndexMoreThanAQueueAheadBreaksTheRing() throws Exception {
        raw.publish(SIZE + 1);
        awaitNeedsReset();
        assertEquals(0, raw.usedIdx(), "nothing was taken");
        assertEquals(1, rig.device.stats().queueFaults());
        assertTrue(rig.device.lastProblem().contains("ahead"), rig.device.lastProblem());
    }

    @Test
    void aHeadIdOutOfRangeBreaksTheRing() {
        raw.setAvail(0, SIZE);
        raw.publish(1);
        awaitNeedsReset();
    }

    @Test
    void ringMemoryThatVanishesBreaksTheRing() {
        rig.bus.dma().destroy(RING);
        raw.registers().notifyDevice();
        awaitNeedsReset();
        assertTrue(rig.device.lastProblem().contains("unreachable"), rig.device.lastProblem());
    }

    @Test
    void unusableQueueRegistersAreRefusedAtDriverOk() {
        long[][] bad = {
            {SIZE * 2 * BlockBackend.QUEUE_MAX, 1, RING, RING + availOffset(SIZE), RING + usedOffset(SIZE)}, // too big
            {3, 1, RING, RING + availOffset(SIZE), RING + usedOffset(SIZE)},                               // not a power of 2
            {SIZE, 1, RING + 8, RING + availOffset(SIZE), RING + usedOffset(SIZE)},                        // desc misaligned
            {SIZE, 1, RING, RING + availOffset(SIZE) + 1, RING + usedOffset(SIZE)},                        // avail misaligned
            {SIZE, 1, RING, RING + availOffset(SIZE), RING + usedOffset(SIZE) + 2},                        // used misaligned
            {SIZE, 1, 0x7000_0000L, RING + availOffset(SIZE), RING + usedOffset(SIZE)},                    // unmapped
            {SIZE, 1, -16, RING + availOffset(SIZE), RING + usedOffset(SIZE)},                             // negative
            {SIZE, 1, RING, RING + availOffset(SIZE), 0x7000_0000L},                                       // used unmapped
        };
        for (long[] q : bad) {
            assertEquals(Status.OK, raw.registers().reset(TIMEOUT));
            assertTrue(raw.registers().negotiate(F_VERSION_1, TIMEOUT).ok());
            raw.rawQueueRegisters((int) q[0], (int) q[1], q[2], q[3], q[4]);
            assertEquals(Status.BAD_STATE, raw.registers().driverOk(TIMEOUT), Arrays.toString(q));
            assertTrue(raw.registers().needsReset());
        }
        assertEquals(Status.OK, raw.bringUp(), "a good set-up after a reset works");
    }

    @Test
    void featuresNotOfferedOrWithoutVersion1AreRefused() {
        for (long features : new long[] {F_VERSION_1 | F_INDIRECT_DESC, F_FLUSH, 1L << 63}) {
            raw.rawStatus(0, 0);
            raw.rawStatus(ACKNOWLEDGE | DRIVER, 0);
            raw.rawStatus(ACKNOWLEDGE | DRIVER | FEATURES_OK, features);
            assertEquals(ACKNOWLEDGE | DRIVER, raw.registers().status(), "features " + Long.toHexString(features));
            raw.rawStatus(ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK, features);
            assertEquals(ACKNOWLEDGE | DRIVER, raw.registers().status(), "no DRIVER_OK without FEATURES_OK");
        }
        assertEquals(Status.NOT_SUPPORTED, raw.registers().negotiate(F_FLUSH, TIMEOUT).status());
        // The driver gives up without waiting (DeviceRegisters.fail); the device takes the FAILED write in its own time.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((raw.registers().status() & FAILED) == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(FAILED, raw.registers().status() & FAILED);
    }

    @Test
    void clearingStatusBitsWithoutAResetNeedsAReset() {
        raw.rawStatus(ACKNOWLEDGE | DRIVER, F_VERSION_1);
        assertTrue(raw.registers().needsReset());
        raw.rawStatus(ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK, F_VERSION_1);
        assertTrue(raw.registers().needsReset(), "only a reset leaves DEVICE_NEEDS_RESET");
        assertEquals(Status.OK, raw.bringUp());
        assertFalse(raw.registers().needsReset());
    }

    @Test
    void afterARingBreaksTheDeviceLeavesItAloneAndWorksAgainAfterAReset() {
        raw.setAvail(0, SIZE);
        raw.publish(1);
        awaitNeedsReset();
        request(new int[] {DESC_F_NEXT, IN_DATA, DESC_F_WRITE}, 512);
        raw.setAvail(1, 0);
        raw.publish(2);
        rig.driver.bringUp(); // the reset is acknowledged only after the device stopped using the broken queue
        assertEquals(0, raw.usedIdx());
        assertEquals(S_OK, rig.driver.read(0, new byte[512]).status());
        assertEquals(0, rig.device.stats().internalErrors());
    }

    /** Writes an IN chain header → data ({@code dataLength}) → status into descriptors 0..2 with the given flags. */
    private void request(int[] flags, int dataLength) {
        raw.descriptor(0, HEADER, HEADER_SIZE, flags[0], 1);
        raw.descriptor(1, DATA, dataLength, flags[1], 2);
        raw.descriptor(2, STATUS, 1, flags[2], 0);
    }

    private void assertIoError() {
        status.set(ValueLayout.JAVA_BYTE, 0, (byte) 0xFF);
        assertCompletedWithLength(1);
        assertEquals(S_IOERR, status.get(ValueLayout.JAVA_BYTE, 0), rig.device.lastProblem());
    }

    private void assertCompletedWithLength(int length) {
        raw.setAvail(published % SIZE, 0);
        raw.publish(++published);
        raw.awaitTrue(() -> raw.usedIdx() == published, "completion");
        assertEquals(0, raw.usedId((published - 1) % SIZE));
        long at = usedEntry((published - 1) % SIZE) + USED_ELEM_LEN;
        assertEquals(length, raw.used.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at));
    }

    private void awaitNeedsReset() {
        raw.awaitTrue(() -> raw.registers().needsReset(), "DEVICE_NEEDS_RESET");
        assertEquals(INTERRUPT_CONFIG_CHANGE, raw.registers().takeInterrupts() & INTERRUPT_CONFIG_CHANGE);
    }
}
