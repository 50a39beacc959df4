package dev.kernite.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Futexes on shared memory: the slow path of every Kernite wait. Shared (not FUTEX_PRIVATE), because waiter and
 * waker are different processes mapping the same memfd. Addresses are passed as plain numbers, so a segment being
 * unmapped meanwhile yields EFAULT (treated as a spurious wake), never a crash.
 *
 * <p>Thread safety: stateless.
 */
public final class Futex {
    /** Woken by {@link #wake} (or spuriously). */
    public static final int WOKEN = 0;
    /** The word did not hold the expected value. */
    public static final int VALUE_CHANGED = 1;
    public static final int TIMED_OUT = 2;
    public static final int INTERRUPTED = 3;

    private static final long SYS_FUTEX = 202;
    private static final long FUTEX_WAIT = 0, FUTEX_WAKE = 1;

    private Futex() {}

    /** Sleeps while the int at {@code seg + offset} equals {@code expected}; {@code timeoutNanos < 0} waits forever. */
    public static int wait(MemorySegment seg, long offset, int expected, long timeoutNanos) {
        long addr = address(seg, offset);
        try (Arena a = Arena.ofConfined()) {
            long ts = 0;
            if (timeoutNanos >= 0) {
                MemorySegment t = a.allocate(16, 8);
                t.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
                t.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
                ts = t.address();
            }
            long r = (long) Libc.SYSCALL6.invokeExact(Libc.captured(), SYS_FUTEX, addr, FUTEX_WAIT, (long) expected, ts, 0L, 0L);
            if (r == 0) return WOKEN;
            return switch (Libc.errno()) {
                case Libc.EAGAIN -> VALUE_CHANGED;
                case Libc.ETIMEDOUT -> TIMED_OUT;
                case Libc.EINTR -> INTERRUPTED;
                default -> WOKEN; // EFAULT after an unmap: the caller re-checks and finds the channel gone
            };
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Wakes up to {@code count} waiters on the int at {@code seg + offset}; returns how many woke. */
    public static int wake(MemorySegment seg, long offset, int count) {
        long addr = address(seg, offset);
        try {
            long r = (long) Libc.SYSCALL6.invokeExact(Libc.captured(), SYS_FUTEX, addr, FUTEX_WAKE, (long) count, 0L, 0L, 0L);
            return r < 0 ? 0 : (int) r;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static long address(MemorySegment seg, long offset) {
        if ((offset & 3) != 0) throw new IllegalArgumentException("futex word at unaligned offset " + offset);
        java.util.Objects.checkFromIndexSize(offset, 4, seg.byteSize());
        return seg.address() + offset;
    }
}
