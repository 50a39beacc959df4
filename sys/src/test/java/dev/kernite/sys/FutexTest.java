package dev.kernite.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FutexTest {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    @Test
    void waitWithAStaleValueReturnsAtOnce() {
        withWord(w -> {
            w.set(ValueLayout.JAVA_INT, 0, 5);
            assertEquals(Futex.VALUE_CHANGED, Futex.wait(w, 0, 4, 1_000_000_000L));
        });
    }

    @Test
    void waitTimesOut() {
        withWord(w -> {
            long t0 = System.nanoTime();
            assertEquals(Futex.TIMED_OUT, Futex.wait(w, 0, 0, 20_000_000L));
            long took = System.nanoTime() - t0;
            assertTrue(took >= 15_000_000L, "returned before its timeout: " + took);
            assertTrue(took < 5_000_000_000L, "overslept: " + took);
            assertEquals(Futex.TIMED_OUT, Futex.wait(w, 0, 0, 0), "a zero timeout only checks");
        });
    }

    @Test
    void wakeReachesAWaiterThroughASecondMappingOfTheSameMemory() throws Exception {
        int fd = Memfd.create("futex", 4096);
        try (Mapping waiterView = Mapping.map(fd, 4096, true); Mapping wakerView = Mapping.map(fd, 4096, true)) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicInteger result = new AtomicInteger(-1);
            Thread waiter = Thread.ofPlatform().start(() -> {
                started.countDown();
                while ((int) INT.getVolatile(waiterView.segment(), 64L) == 0) {
                    result.set(Futex.wait(waiterView.segment(), 64, 0, 5_000_000_000L));
                }
            });
            started.await();
            Thread.sleep(50);
            INT.setVolatile(wakerView.segment(), 64L, 1);
            int woken = 0;
            for (int i = 0; i < 100 && waiter.isAlive(); i++) {
                woken += Futex.wake(wakerView.segment(), 64, 1);
                waiter.join(50);
            }
            assertTrue(!waiter.isAlive(), "waiter never woke");
            assertTrue(result.get() == Futex.WOKEN || result.get() == Futex.VALUE_CHANGED, "result " + result.get());
        } finally {
            Fd.close(fd);
        }
    }

    @Test
    void wakeWithNoWaitersWakesNobody() {
        withWord(w -> assertEquals(0, Futex.wake(w, 0, Integer.MAX_VALUE)));
    }

    @Test
    void unalignedOrOutOfRangeWordsAreRefused() {
        withWord(w -> {
            assertThrows(IllegalArgumentException.class, () -> Futex.wake(w, 2, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> Futex.wake(w, 4096, 1));
        });
    }

    @Test
    void aClosedMappingOrHeapMemoryIsRefused() {
        int fd = Memfd.create("futex", 4096);
        Mapping m = Mapping.map(fd, 4096, true);
        Fd.close(fd);
        m.close();
        assertThrows(IllegalStateException.class, () -> Futex.wait(m.segment(), 0, 0, 1_000_000L));
        assertThrows(IllegalStateException.class, () -> Futex.wake(m.segment(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Futex.wake(MemorySegment.ofArray(new int[4]), 0, 1));
    }

    @Test
    void wakeAllReachesEveryWaiter() throws Exception {
        withWord(w -> {
            Thread[] waiters = new Thread[3];
            for (int i = 0; i < waiters.length; i++) {
                waiters[i] = Thread.ofPlatform().start(() -> {
                    while ((int) INT.getVolatile(w, 8L) == 0) Futex.wait(w, 8, 0, 5_000_000_000L);
                });
            }
            INT.setVolatile(w, 8L, 1);
            Futex.wake(w, 8, Integer.MAX_VALUE);
            for (Thread t : waiters) {
                join(t);
                assertTrue(!t.isAlive(), "a waiter never woke");
            }
        });
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void withWord(java.util.function.Consumer<MemorySegment> body) {
        int fd = Memfd.create("futex", 4096);
        try (Mapping m = Mapping.map(fd, 4096, true)) {
            body.accept(m.segment());
        } finally {
            Fd.close(fd);
        }
    }
}
