package dev.kernite.machine.testing;

import dev.kernite.abi.device.DeviceRegistersLayout;
import dev.kernite.kernel.device.DeviceBus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A device bus for tests: a page-aligned register page, a {@link FakeDma}, and an interrupt line that collects
 * bits for {@link #awaitInterrupt}.
 *
 * <p>Thread safety: thread-safe.
 */
public final class FakeBus implements DeviceBus, AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment registers = arena.allocate(DeviceRegistersLayout.SIZE, 4096);
    private final FakeDma dma = new FakeDma();
    private int pending; // guarded by this
    private long raised; // guarded by this

    @Override
    public MemorySegment registers() { return registers; }

    @Override
    public synchronized void interrupt(int bits) {
        pending |= bits;
        raised++;
        notifyAll();
    }

    @Override
    public FakeDma dma() { return dma; }

    /** Takes the pending interrupt bits, waiting up to {@code millis} for some (0 when none came). */
    public synchronized int awaitInterrupt(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (pending == 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return 0;
            wait(left);
        }
        int bits = pending;
        pending = 0;
        return bits;
    }

    /** How many times the device raised the line. */
    public synchronized long interruptsRaised() { return raised; }

    @Override
    public void close() {
        dma.close();
        arena.close();
    }
}
