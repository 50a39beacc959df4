package dev.kernite.runtime.device;

import static dev.kernite.abi.device.DeviceRegistersLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Result;
import dev.kernite.sys.Futex;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's side of the register page against a minimal device written here: identification, the status
 * handshake (with its waits), negotiation outcomes, queue registers, doorbell and interrupt status.
 */
class DeviceRegistersTest {
    private static final Duration LONG = Duration.ofSeconds(60); // hang guard only
    private static final long OFFERED = F_VERSION_1 | (1L << 9);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment page = arena.allocate(SIZE, 4096);
    private final DeviceRegisters regs = new DeviceRegisters(page);
    private volatile boolean deviceRunning = true;
    private Thread device;

    @AfterEach
    void tearDown() throws InterruptedException {
        deviceRunning = false;
        if (device != null) device.join();
        arena.close();
    }

    @Test
    void identifyChecksMagicVersionAndClass() {
        assertEquals(Status.NOT_FOUND, regs.identify(DEVICE_ID_BLOCK));
        page.set(I32, MAGIC_OFFSET, MAGIC);
        page.set(I32, VERSION_OFFSET, VERSION + 1);
        assertEquals(Status.NOT_SUPPORTED, regs.identify(DEVICE_ID_BLOCK));
        page.set(I32, VERSION_OFFSET, VERSION);
        page.set(I32, DEVICE_ID_OFFSET, DEVICE_ID_NET);
        assertEquals(Status.NOT_SUPPORTED, regs.identify(DEVICE_ID_BLOCK));
        page.set(I32, DEVICE_ID_OFFSET, DEVICE_ID_BLOCK);
        assertEquals(Status.OK, regs.identify(DEVICE_ID_BLOCK));
    }

    @Test
    void aDeviceThatNeverAnswersTimesOut() {
        assertEquals(Status.TIMED_OUT, regs.reset(Duration.ofMillis(50)));
    }

    @Test
    void negotiationTakesWhatIsBothWantedAndOffered() {
        startDevice();
        assertEquals(Status.OK, regs.reset(LONG));
        Result<Long> r = regs.negotiate(F_VERSION_1 | (1L << 9) | (1L << 5), LONG);
        assertEquals(Status.OK, r.status());
        assertEquals(OFFERED, r.value());
        assertEquals(OFFERED, page.get(I64, DRIVER_FEATURES_OFFSET));
        assertEquals(ACKNOWLEDGE | DRIVER | FEATURES_OK, regs.status());
        assertEquals(Status.OK, regs.driverOk(LONG));
        assertEquals(ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK, regs.status());
    }

    @Test
    void withoutVersion1TheDriverGivesUp() {
        startDevice();
        assertEquals(Status.OK, regs.reset(LONG));
        assertEquals(Status.NOT_SUPPORTED, regs.negotiate(1L << 9, LONG).status());
        assertEquals(FAILED, page.get(I32, STATUS_OFFSET) & FAILED);
    }

    @Test
    void aRefusedFeatureSetFailsTheDevice() {
        refuseFeatures = true;
        startDevice();
        assertEquals(Status.OK, regs.reset(LONG));
        assertEquals(Status.NOT_SUPPORTED, regs.negotiate(OFFERED, LONG).status());
        assertEquals(FAILED, page.get(I32, STATUS_OFFSET) & FAILED);
    }

    @Test
    void queueRegistersAreCheckedAgainstTheDevicesMaximum() {
        page.set(I32, QUEUE_NUM_MAX_OFFSET, 64);
        assertEquals(64, regs.queueMaxSize());
        assertEquals(Status.INVALID_ARGUMENT, regs.setUpQueue(128, 0, 0, 0));
        assertEquals(Status.INVALID_ARGUMENT, regs.setUpQueue(48, 0, 0, 0));
        assertEquals(Status.OK, regs.setUpQueue(32, 0x1000, 0x1200, 0x1400));
        assertEquals(32, page.get(I32, QUEUE_SIZE_OFFSET));
        assertEquals(1, page.get(I32, QUEUE_READY_OFFSET));
        assertEquals(0x1000, page.get(I64, QUEUE_DESC_OFFSET));
        assertEquals(0x1200, page.get(I64, QUEUE_AVAIL_OFFSET));
        assertEquals(0x1400, page.get(I64, QUEUE_USED_OFFSET));
        page.set(I32, QUEUE_NUM_MAX_OFFSET, 3);
        assertEquals(0, regs.queueMaxSize(), "a maximum that is no queue size is no maximum");
    }

    @Test
    void theDoorbellWakesASleepingDevice() throws Exception {
        AtomicInteger result = new AtomicInteger(-1);
        int seen = (int) INT.getVolatile(page, QUEUE_NOTIFY_OFFSET);
        INT.setVolatile(page, DEVICE_SLEEPING_OFFSET, 1);
        Thread sleeper = Thread.ofPlatform().start(() -> result.set(Futex.wait(page, QUEUE_NOTIFY_OFFSET, seen, LONG.toNanos())));
        regs.notifyDevice();
        sleeper.join();
        assertNotEquals(Futex.TIMED_OUT, result.get());
        assertEquals(seen + 1, (int) INT.getVolatile(page, QUEUE_NOTIFY_OFFSET));
    }

    @Test
    void interruptStatusIsTakenOnce() {
        INT.getAndBitwiseOr(page, INTERRUPT_STATUS_OFFSET, INTERRUPT_USED_BUFFER | INTERRUPT_CONFIG_CHANGE);
        assertEquals(INTERRUPT_USED_BUFFER | INTERRUPT_CONFIG_CHANGE, regs.takeInterrupts());
        assertEquals(0, regs.takeInterrupts());
    }

    @Test
    void blockConfigurationIsReadFieldByField() {
        page.set(I64, BLK_CAPACITY_OFFSET, 1L << 40);
        page.set(I32, BLK_SIZE_MAX_OFFSET, 65536);
        page.set(I32, BLK_SEG_MAX_OFFSET, 126);
        page.set(I32, BLK_BLK_SIZE_OFFSET, 4096);
        page.set(I32, BLK_READ_ONLY_OFFSET, 1);
        assertEquals(new BlockConfig(1L << 40, 65536, 126, 4096, true), regs.blockConfig());
    }

    @Test
    void theRegionMustBeAWholeAlignedPage() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceRegisters(page.asSlice(0, 1024)));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRegisters(arena.allocate(2 * SIZE, 4096).asSlice(8, SIZE)));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRegisters(MemorySegment.ofArray(new byte[(int) SIZE])));
    }

    private volatile boolean refuseFeatures;

    /** A device that answers every status write: FEATURES_OK unless told to refuse, everything else as asked. */
    private void startDevice() {
        page.set(I64, DEVICE_FEATURES_OFFSET, OFFERED);
        device = Thread.ofPlatform().start(() -> {
            int lastSeq = 0;
            while (deviceRunning) {
                int seq = (int) INT.getAcquire(page, STATUS_SEQ_OFFSET);
                if (seq == lastSeq) {
                    Thread.onSpinWait();
                    continue;
                }
                lastSeq = seq;
                int asked = page.get(I32, STATUS_OFFSET);
                int accepted = refuseFeatures ? asked & ~FEATURES_OK : asked;
                INT.setRelease(page, DEVICE_STATUS_OFFSET, accepted);
                INT.setRelease(page, STATUS_ACK_OFFSET, seq);
                Futex.wake(page, STATUS_ACK_OFFSET, Integer.MAX_VALUE);
            }
        });
    }
}
