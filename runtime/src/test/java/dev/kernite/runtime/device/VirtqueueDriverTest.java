package dev.kernite.runtime.device;

import static dev.kernite.abi.device.VirtqLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.device.VirtqueueDriver.Buffer;
import dev.kernite.runtime.device.VirtqueueDriver.Used;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's virtqueue against a device simulated by writing the used ring by hand: what it writes for the
 * device, how it frees descriptors, and that nothing a hostile device writes makes it throw or lose track.
 */
class VirtqueueDriverTest {
    private static final int SIZE = 8;
    private static final long IOVA = 0x10000;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment memory = arena.allocate(ringBytes(SIZE), 4096);
    private final VirtqueueDriver q = new VirtqueueDriver(SIZE, memory, IOVA);
    private final MemorySegment desc = memory.asSlice(0, descTableBytes(SIZE));
    private final MemorySegment avail = memory.asSlice(availOffset(SIZE), availBytes(SIZE));
    private final MemorySegment used = memory.asSlice(usedOffset(SIZE), usedBytes(SIZE));
    private int deviceUsedIdx;
    private MemorySegment hostileUsed; // the used ring of the queue under attack in hostile()

    @AfterEach
    void tearDown() {
        arena.close();
    }

    @Test
    void theRingPartsLieWhereTheLayoutSays() {
        assertEquals(IOVA, q.descIova());
        assertEquals(IOVA + availOffset(SIZE), q.availIova());
        assertEquals(IOVA + usedOffset(SIZE), q.usedIova());
        assertEquals(SIZE, q.freeDescriptors());
    }

    @Test
    void aChainIsWrittenAsLinkedDescriptorsAndPublishedWithTheIndex() {
        int head = q.add(chain());
        assertEquals(3, SIZE - q.freeDescriptors());
        int id = head;
        long[][] expect = {{0x1000, 16, DESC_F_NEXT}, {0x2000, 512, DESC_F_NEXT | DESC_F_WRITE}, {0x3000, 1, DESC_F_WRITE}};
        for (int i = 0; i < 3; i++) {
            long at = descOffset(id);
            assertEquals(expect[i][0], desc.get(U64, at + DESC_ADDR));
            assertEquals(expect[i][1], desc.get(U32, at + DESC_LEN));
            assertEquals(expect[i][2], desc.get(U16, at + DESC_FLAGS));
            id = desc.get(U16, at + DESC_NEXT);
        }
        assertEquals(head, avail.get(U16, availEntry(0)));
        assertEquals(0, avail.get(U16, AVAIL_IDX), "not published yet");
        q.publish();
        assertEquals(1, avail.get(U16, AVAIL_IDX));
    }

    @Test
    void usedChainsComeBackAndFreeTheirDescriptors() {
        assertEquals(Status.WOULD_BLOCK, q.poll().status());
        int head = q.add(chain());
        q.publish();
        assertEquals(Status.WOULD_BLOCK, q.poll().status());
        deviceUses(head, 513);
        assertEquals(new Used(head, 513), q.poll().value());
        assertEquals(SIZE, q.freeDescriptors());
        assertEquals(0, q.inFlight());
        assertEquals(Status.WOULD_BLOCK, q.poll().status());
    }

    @Test
    void aFullQueueSaysNoSpaceUntilSomethingIsUsed() {
        int a = q.add(chain());
        int b = q.add(chain());
        assertEquals(VirtqueueDriver.NO_SPACE, q.add(chain()), "2 descriptors left, 3 needed");
        q.publish();
        deviceUses(b, 1);
        assertTrue(q.poll().ok());
        assertNotEquals(VirtqueueDriver.NO_SPACE, q.add(chain()));
        assertNotEquals(a, b);
    }

    @Test
    void badChainsAreTheCallersBug() {
        assertThrows(IllegalArgumentException.class, () -> q.add(List.of()));
        assertThrows(IllegalArgumentException.class, () -> q.add(List.of(new Buffer(1, 1, true), new Buffer(2, 1, false))));
        assertThrows(IllegalArgumentException.class, () -> q.add(Collections.nCopies(SIZE + 1, new Buffer(1, 1, false))));
        assertThrows(IllegalArgumentException.class, () -> new Buffer(1, 0, true));
        assertEquals(SIZE, q.freeDescriptors(), "nothing was taken");
    }

    @Test
    void theIndicesWrapAroundSixteenBits() {
        for (int i = 0; i < 70_000; i++) {
            int head = q.add(List.of(new Buffer(0x1000, 16, false), new Buffer(0x2000, 1, true)));
            q.publish();
            deviceUses(head, 1);
            Result<Used> r = q.poll();
            assertTrue(r.ok(), () -> "round " + r + " " + q.brokenReason());
            assertEquals(head, r.value().head());
        }
        assertEquals(SIZE, q.freeDescriptors());
    }

    @Test
    void aUsedIdNotInFlightBreaksTheQueueForGood() {
        int head = q.add(chain());
        q.publish();
        deviceUses((head + 1) % SIZE, 1);
        assertEquals(Status.PROTOCOL_ERROR, q.poll().status());
        assertTrue(q.brokenReason().contains("not in flight"), q.brokenReason());
        deviceUses(head, 1);
        assertEquals(Status.PROTOCOL_ERROR, q.poll().status(), "sticky");
    }

    @Test
    void impossibleUsedEntriesAreRefused() {
        String[] reasons = new String[5];
        reasons[0] = hostile(() -> forge(0, SIZE + 5, 1, 1));                   // id out of range
        reasons[1] = hostile(() -> forge(0, -1, 1, 1));                         // id 2^32-1
        reasons[2] = hostile(() -> forge(0, 0, 10_000, 1));                     // more than the writable bytes
        reasons[3] = hostile(() -> forge(0, 0, 1, 5));                          // index ahead of what is in flight
        reasons[4] = hostile(() -> { forge(0, 0, 1, 1); forge(1, 0, 1, 2); });  // the same chain twice
        for (String r : reasons) assertNotNull(r);
    }

    @Test
    void anUnpublishedChainCannotBeUsed() {
        int head = q.add(chain());
        deviceUses(head, 1);
        assertEquals(Status.PROTOCOL_ERROR, q.poll().status());
    }

    @Test
    void garbageInTheUsedRingNeverThrowsAndNeverLosesADescriptor() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            MemorySegment m = arena.allocate(ringBytes(SIZE), 4096);
            VirtqueueDriver v = new VirtqueueDriver(SIZE, m, IOVA);
            ArrayDeque<Integer> heads = new ArrayDeque<>();
            for (int h; (h = v.add(chain())) != VirtqueueDriver.NO_SPACE; ) heads.add(h);
            v.publish();
            byte[] noise = new byte[(int) usedBytes(SIZE)];
            random.nextBytes(noise);
            MemorySegment.copy(noise, 0, m, ValueLayout.JAVA_BYTE, usedOffset(SIZE), noise.length);
            int usedCount = 0;
            Result<Used> r;
            while ((r = v.poll()).ok()) usedCount++;
            assertTrue(r.status() == Status.WOULD_BLOCK || r.status() == Status.PROTOCOL_ERROR, r.status().toString());
            assertEquals(heads.size() - usedCount, v.inFlight());
            assertEquals(SIZE - 3 * v.inFlight(), v.freeDescriptors(), "round " + round);
        }
    }

    @Test
    void interruptSuppressionIsTheAvailFlag() {
        q.suppressInterrupts(true);
        assertEquals(AVAIL_F_NO_INTERRUPT, avail.get(U16, AVAIL_FLAGS));
        q.suppressInterrupts(false);
        assertEquals(0, avail.get(U16, AVAIL_FLAGS));
    }

    @Test
    void constructorChecksItsMemory() {
        assertThrows(IllegalArgumentException.class, () -> new VirtqueueDriver(3, memory, IOVA));
        assertThrows(IllegalArgumentException.class, () -> new VirtqueueDriver(2048, memory, IOVA));
        assertThrows(IllegalArgumentException.class, () -> new VirtqueueDriver(SIZE, memory.asSlice(0, 64), IOVA));
        assertThrows(IllegalArgumentException.class, () -> new VirtqueueDriver(SIZE, memory.asSlice(8), IOVA));
        assertThrows(IllegalArgumentException.class, () -> new VirtqueueDriver(SIZE, memory, IOVA + 4));
    }

    /** A fresh queue with one published chain (head 0, 513 writable bytes), the device's move, and the verdict. */
    private String hostile(Runnable device) {
        MemorySegment m = arena.allocate(ringBytes(SIZE), 4096);
        VirtqueueDriver v = new VirtqueueDriver(SIZE, m, IOVA);
        assertEquals(0, v.add(chain()));
        v.publish();
        hostileUsed = m.asSlice(usedOffset(SIZE), usedBytes(SIZE));
        device.run();
        Result<Used> r;
        int ok = 0;
        while ((r = v.poll()).ok()) ok++;
        assertEquals(Status.PROTOCOL_ERROR, r.status());
        assertTrue(ok <= 1);
        return v.brokenReason();
    }

    private void forge(int slot, int id, int len, int idx) {
        hostileUsed.set(U32, usedEntry(slot) + USED_ELEM_ID, id);
        hostileUsed.set(U32, usedEntry(slot) + USED_ELEM_LEN, len);
        hostileUsed.set(U16, USED_IDX, (short) idx);
    }

    private void deviceUses(int head, int len) {
        used.set(U32, usedEntry(deviceUsedIdx % SIZE) + USED_ELEM_ID, head);
        used.set(U32, usedEntry(deviceUsedIdx % SIZE) + USED_ELEM_LEN, len);
        deviceUsedIdx = (deviceUsedIdx + 1) & 0xFFFF;
        used.set(U16, USED_IDX, (short) deviceUsedIdx);
    }

    private static List<Buffer> chain() {
        return List.of(new Buffer(0x1000, 16, false), new Buffer(0x2000, 512, true), new Buffer(0x3000, 1, true));
    }
}
