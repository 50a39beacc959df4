package dev.kernite.machine.block;

import static dev.kernite.abi.device.BlkRequestLayout.*;
import static dev.kernite.abi.device.DeviceRegistersLayout.*;
import static dev.kernite.abi.device.VirtqLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Status;
import dev.kernite.machine.testing.BlockRig;
import dev.kernite.machine.testing.Fenced;
import dev.kernite.machine.testing.RawQueue;
import dev.kernite.machine.testing.TestBlockDriver;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of everything a hostile driver controls: descriptor tables, available rings and their index,
 * queue registers and status writes. Whatever it writes, the device thread never throws (no internal errors),
 * never hangs (each case ends in completions or DEVICE_NEEDS_RESET), never writes outside the windows it was
 * granted (sentinels), and works again after a reset.
 */
class MalformedRingFuzzTest {
    private static final long SEED = 0x6B65726E69746521L;
    private static final int CASES = 3000;
    private static final int SIZE = 32;
    private static final int PAGE = 4096;
    private static final byte PATTERN = (byte) 0x5A;
    private static final long RING = 0x20_0000L, HEADERS = 0x30_0000L, DATA = 0x31_0000L, READ_ONLY = 0x33_0000L,
        FENCED = 0x34_0000L;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;
    private BlockRig rig;
    private RawQueue raw;
    private Fenced fenced;
    private MemorySegment readOnly;
    private final Random random = new Random(SEED);
    private int completedCases, resetCases;

    @BeforeEach
    void setUp() throws Exception {
        rig = BlockRig.start(dir, 1L << 20);
        raw = new RawQueue(rig.bus, RING, SIZE);
        MemorySegment headers = rig.bus.dma().map(HEADERS, PAGE, true);
        int[] types = {T_IN, T_OUT, T_FLUSH, T_GET_ID, 77};
        for (int i = 0; i < PAGE / 64; i++) { // plausible headers every 64 bytes
            headers.set(U32, i * 64L + TYPE_OFFSET, types[i % types.length]);
            headers.set(U64, i * 64L + SECTOR_OFFSET, i % 3 == 0 ? -1L : i);
        }
        rig.bus.dma().map(DATA, 16 * PAGE, true);
        readOnly = rig.bus.dma().map(READ_ONLY, PAGE, false);
        readOnly.fill(PATTERN);
        fenced = rig.bus.dma().mapFenced(FENCED, PAGE, true, PATTERN);
    }

    @AfterEach
    void tearDown() {
        if (rig != null) rig.close();
    }

    @Test
    void garbageInTheRingsNeverEscapesOrHangsTheDevice() {
        for (int c = 0; c < CASES; c++) {
            String what = "case " + c + " (seed " + Long.toHexString(SEED) + ")";
            switch (c % 6) {
                case 0 -> plausibleChains(what);
                case 1, 2 -> nearlyValidChains(what);
                case 3 -> noise(what);
                case 4 -> garbageRegisters(what);
                default -> garbageStatus(what);
            }
            assertSentinels(what);
            assertEquals(0, rig.device.stats().internalErrors(), what);
            if (c % 500 == 499) assertTheDeviceStillWorks(what);
        }
        assertTheDeviceStillWorks("the end");
        BlockStats s = rig.device.stats();
        assertTrue(completedCases > CASES / 10, "cases that ended in completions: " + completedCases);
        assertTrue(resetCases > CASES / 10, "cases that ended in DEVICE_NEEDS_RESET: " + resetCases);
        assertTrue(s.malformed() > CASES, "malformed requests: " + s.malformed());
        assertTrue(s.queueFaults() > 0);
    }

    /** Chains built from plausible pieces: real and bogus addresses, lengths, flags and links. */
    private void plausibleChains(String what) {
        assertEquals(Status.OK, raw.bringUp(), what);
        for (int id = 0; id < SIZE; id++) {
            raw.descriptor(id, address(), length(), flags(), random.nextInt(10) == 0 ? random.nextInt(1 << 16) : random.nextInt(SIZE));
        }
        int count = random.nextInt(10) == 0 ? random.nextInt(1 << 16) : 1 + random.nextInt(SIZE);
        for (int slot = 0; slot < SIZE; slot++) raw.setAvail(slot, random.nextInt(20) == 0 ? random.nextInt(1 << 16) : random.nextInt(SIZE));
        raw.availFlags(random.nextInt(4));
        publishAndAwaitOutcome(count, what);
    }

    /**
     * Well-formed chains (header, data, status) over real and bogus buffers — many reach the backend and move
     * data, so a window wider than its mapping would show in the sentinels — then a few fields mutated.
     */
    private void nearlyValidChains(String what) {
        assertEquals(Status.OK, raw.bringUp(), what);
        int id = 0, slot = 0;
        while (id + 4 <= SIZE) {
            int length = 2 + random.nextInt(3);
            raw.setAvail(slot++, id);
            for (int k = 0; k < length; k++, id++) {
                boolean first = k == 0, last = k == length - 1;
                long addr = first ? HEADERS + 64L * random.nextInt(PAGE / 64) : last ? DATA + random.nextInt(16 * PAGE) : address();
                int len = first ? HEADER_SIZE : last ? 1 : SECTOR_SIZE * (1 + random.nextInt(8));
                raw.descriptor(id, addr, len, (last ? 0 : DESC_F_NEXT) | (first ? 0 : DESC_F_WRITE), id + 1);
            }
        }
        for (int m = random.nextInt(4); m > 0; m--) {
            raw.descriptor(random.nextInt(SIZE), address(), length(), flags(), random.nextInt(SIZE + 2));
        }
        publishAndAwaitOutcome(random.nextInt(8) == 0 ? slot + random.nextInt(SIZE) : slot, what);
    }

    /** Random bytes over the whole descriptor table and available ring. */
    private void noise(String what) {
        assertEquals(Status.OK, raw.bringUp(), what);
        byte[] bytes = new byte[(int) (raw.desc.byteSize() + raw.avail.byteSize())];
        random.nextBytes(bytes);
        MemorySegment.copy(bytes, 0, raw.desc, ValueLayout.JAVA_BYTE, 0, (int) raw.desc.byteSize());
        MemorySegment.copy(bytes, (int) raw.desc.byteSize(), raw.avail, ValueLayout.JAVA_BYTE, 0, (int) raw.avail.byteSize());
        publishAndAwaitOutcome(Short.toUnsignedInt(raw.avail.get(ValueLayout.JAVA_SHORT_UNALIGNED, AVAIL_IDX)), what);
    }

    /** Queue registers that are random, or nearly right, then DRIVER_OK. */
    private void garbageRegisters(String what) {
        assertEquals(Status.OK, raw.registers().reset(TestBlockDriver.TIMEOUT), what);
        raw.registers().negotiate(random.nextBoolean() ? F_VERSION_1 : random.nextLong(), TestBlockDriver.TIMEOUT);
        int size = random.nextBoolean() ? 1 << random.nextInt(12) : random.nextInt();
        long base = random.nextBoolean() ? RING : random.nextLong();
        raw.rawQueueRegisters(size, random.nextInt(3), base + wobble(), base + availOffset(SIZE) + wobble(), base + usedOffset(SIZE) + wobble());
        Status s = raw.registers().driverOk(TestBlockDriver.TIMEOUT);
        assertTrue(s == Status.OK || s == Status.BAD_STATE, what + ": " + s);
        raw.registers().notifyDevice();
        if (s == Status.OK) completedCases++;
        else resetCases++;
    }

    /** Random status words and driver features through the handshake: the device acknowledges every one. */
    private void garbageStatus(String what) {
        for (int i = 0; i < 4; i++) raw.rawStatus(random.nextInt(), random.nextLong());
        raw.rawStatus(random.nextInt(256) & ~FAILED, random.nextBoolean() ? F_VERSION_1 : random.nextLong());
        if (raw.registers().needsReset()) resetCases++;
        else completedCases++;
    }

    private void publishAndAwaitOutcome(int idx, String what) {
        raw.publish(idx);
        int expected = idx & 0xFFFF;
        raw.awaitTrue(() -> raw.registers().needsReset() || raw.usedIdx() == expected, what + ": completions or DEVICE_NEEDS_RESET");
        if (raw.registers().needsReset()) {
            resetCases++;
        } else {
            completedCases++;
            for (int i = 0; i < Math.min(expected, SIZE); i++) assertTrue(raw.usedId(i) < SIZE, what);
        }
    }

    private long address() {
        return switch (random.nextInt(9)) {
            case 0 -> random.nextLong();
            case 1 -> HEADERS + 64L * random.nextInt(PAGE / 64);
            case 2 -> DATA + random.nextInt(16 * PAGE);
            case 3 -> READ_ONLY + random.nextInt(PAGE);
            case 4 -> FENCED - PAGE + random.nextInt(3 * PAGE);
            case 5 -> -1L - random.nextInt(PAGE);
            case 6 -> RING + random.nextInt(PAGE);
            case 7 -> 0;
            default -> DATA + 512L * random.nextInt(32);
        };
    }

    private int length() {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> HEADER_SIZE;
            case 3 -> SECTOR_SIZE * (1 + random.nextInt(8));
            case 4 -> -1;
            case 5 -> BlockBackend.SIZE_MAX + random.nextInt(2);
            case 6 -> random.nextInt();
            default -> random.nextInt(PAGE);
        };
    }

    private int flags() {
        int f = random.nextInt(8);
        return random.nextInt(10) == 0 ? f | random.nextInt(1 << 16) : f;
    }

    private long wobble() {
        return random.nextInt(4) == 0 ? random.nextInt(64) - 32 : 0;
    }

    private void assertSentinels(String what) {
        assertNull(fenced.sentinelDamage(), what);
        assertEquals(-1, Fenced.firstChange(readOnly, PATTERN), what + ": read-only mapping");
    }

    private void assertTheDeviceStillWorks(String what) {
        rig.driver.bringUp();
        byte[] data = BlockDeviceTest.random(8 * SECTOR_SIZE, what.hashCode());
        assertEquals(S_OK, rig.driver.write(1000, data).status(), what);
        byte[] back = new byte[data.length];
        assertEquals(S_OK, rig.driver.read(1000, back).status(), what);
        assertArrayEquals(data, back, what);
    }
}
