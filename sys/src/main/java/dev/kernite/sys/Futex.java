package dev.kernite.sys;

import static dev.kernite.sys.SyscallNumbers.SYS_FUTEX;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Futexes on shared memory: the slow path of every Kernite wait. Shared (not FUTEX_PRIVATE_FLAG), because waiter
 * and waker are different processes mapping the same memfd; the host kernel keys the futex on the memfd page, so
 * the two mappings need not be at the same address.
 *
 * <p>The word's address is passed to the host as a plain number, not as a segment argument: a segment argument
 * would keep its arena acquired for the whole wait and make {@link Mapping#close()} on another thread fail.
 * The price is a race that cannot crash: if the mapping is closed between the liveness check and the syscall,
 * the host sees an unmapped (EFAULT, reported as a spurious wake-up) or reused address (a spurious wake-up or a
 * sleep until the timeout). Callers loop on their own condition and re-read it, which then throws.
 *
 * <p>Thread safety: stateless.
 */
public final class Futex {
    /** Woken by {@link #wake}, or spuriously: the caller re-checks its condition either way. */
    public static final int WOKEN = 0;
    /** The word did not hold the expected value (EAGAIN): nothing was slept. */
    public static final int VALUE_CHANGED = 1;
    /** The timeout passed (ETIMEDOUT). */
    public static final int TIMED_OUT = 2;
    /** A signal handler ran (EINTR). */
    public static final int INTERRUPTED = 3;

    private static final long FUTEX_WAIT = 0, FUTEX_WAKE = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Futex() {}

    /**
     * Sleeps while the int at {@code seg + offset} equals {@code expected}, for at most {@code timeoutNanos}
     * (relative, CLOCK_MONOTONIC; negative waits without limit). Returns {@link #WOKEN}, {@link #VALUE_CHANGED},
     * {@link #TIMED_OUT} or {@link #INTERRUPTED}.
     *
     * @throws IllegalArgumentException the word is not 4-aligned or not in native memory
     * @throws IndexOutOfBoundsException the word is not inside {@code seg}
     * @throws IllegalStateException {@code seg} has been unmapped
     */
    public static int wait(MemorySegment seg, long offset, int expected, long timeoutNanos) {
        long addr = address(seg, offset);
        long r;
        try (Arena a = Arena.ofConfined()) { // a wait is the slow path: a fresh timespec costs nothing that matters
            long timeout = 0;
            if (timeoutNanos >= 0) {
                MemorySegment ts = a.allocate(Structs.TIMESPEC);
                ts.set(ValueLayout.JAVA_LONG, Structs.TV_SEC, timeoutNanos / NANOS_PER_SECOND);
                ts.set(ValueLayout.JAVA_LONG, Structs.TV_NSEC, timeoutNanos % NANOS_PER_SECOND);
                timeout = ts.address();
            }
            r = Libc.syscall(SYS_FUTEX, addr, FUTEX_WAIT, expected, timeout);
        }
        if (r == 0) return WOKEN;
        return switch (Libc.errno()) {
            case Errno.EAGAIN -> VALUE_CHANGED;
            case Errno.ETIMEDOUT -> TIMED_OUT;
            case Errno.EINTR -> INTERRUPTED;
            case Errno.EFAULT -> WOKEN; // unmapped meanwhile (see the class comment): the caller's re-check throws
            default -> throw SysException.last("futex(FUTEX_WAIT)");
        };
    }

    /**
     * Wakes up to {@code count} waiters on the int at {@code seg + offset}; returns how many woke. A word whose
     * mapping went away between the check and the syscall wakes nobody (0).
     *
     * @throws IllegalArgumentException the word is not 4-aligned or not in native memory
     * @throws IndexOutOfBoundsException the word is not inside {@code seg}
     * @throws IllegalStateException {@code seg} has been unmapped
     */
    public static int wake(MemorySegment seg, long offset, int count) {
        long addr = address(seg, offset);
        long r = Libc.syscall(SYS_FUTEX, addr, FUTEX_WAKE, count);
        if (r >= 0) return (int) r;
        if (Libc.errno() == Errno.EFAULT) return 0;
        throw SysException.last("futex(FUTEX_WAKE)");
    }

    private static long address(MemorySegment seg, long offset) {
        Objects.checkFromIndexSize(offset, 4, seg.byteSize());
        if (!seg.isNative()) throw new IllegalArgumentException("futex word not in native memory");
        long addr = seg.address() + offset;
        if ((addr & 3) != 0) throw new IllegalArgumentException("futex word not 4-aligned: offset " + offset);
        if (!seg.scope().isAlive()) throw new IllegalStateException("futex word in a closed mapping");
        return addr;
    }
}
