package dev.kernite.machine.net;

import dev.kernite.kernel.device.LinkImpairment;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A backend whose link loses and reorders frames ({@link LinkImpairment}), in both directions, around another
 * backend: what {@code tc qdisc … netem loss … reorder …} does on a Linux link, for hosts whose kernel has no
 * netem. A frame picked for reordering is held (copied) and delivered right after the next frame in its direction,
 * or after {@link #HOLD_MILLIS} when none comes (as netem delays the frames it reorders), so a quiet link is not
 * left waiting for a retransmission.
 *
 * <p>Thread safety: each direction has its own state and lock; {@link #send} is the device thread's, the sink the
 * inner backend's thread's, and a held frame may also leave from this backend's timer thread.
 */
public final class ImpairedBackend implements NetBackend {
    /** The longest a reordered frame waits for a successor. */
    static final long HOLD_MILLIS = 2;

    private final NetBackend inner;
    private final LinkImpairment faults;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "net-impair");
        t.setDaemon(true);
        return t;
    });
    private final Direction out;

    /** One direction's dice, where its frames go, and its held frame. */
    private final class Direction {
        private final SplittableRandom random;
        private final Predicate<MemorySegment> next;
        private MemorySegment held; // guarded by this

        Direction(long seed, Predicate<MemorySegment> next) {
            this.random = new SplittableRandom(seed);
            this.next = next;
        }

        /** Passes {@code frame} on (and then a held one), holds it, or drops it; returns whether it was passed on. */
        synchronized boolean carry(MemorySegment frame) {
            if (random.nextDouble() * 100 < faults.lossPercent()) return false;
            if (held == null && random.nextDouble() * 100 < faults.reorderPercent()) {
                MemorySegment copy = Arena.ofAuto().allocate(frame.byteSize()).copyFrom(frame);
                held = copy;
                timer.schedule(() -> release(copy), HOLD_MILLIS, TimeUnit.MILLISECONDS);
                return true;
            }
            boolean sent = next.test(frame);
            if (held != null) release(held);
            return sent;
        }

        /** Delivers {@code frame} if it is still the held one. */
        synchronized void release(MemorySegment frame) {
            if (held != frame) return;
            held = null;
            next.test(frame);
        }
    }

    public ImpairedBackend(NetBackend inner, LinkImpairment faults) {
        this.inner = inner;
        this.faults = faults;
        this.out = new Direction(faults.seed(), inner::send);
    }

    @Override
    public void start(FrameSink sink) {
        Direction d = new Direction(faults.seed() * 31 + 7, f -> {
            sink.receive(f);
            return true;
        });
        inner.start(d::carry);
    }

    @Override
    public boolean send(MemorySegment frame) { return out.carry(frame); }

    @Override
    public boolean linkUp() { return inner.linkUp(); }

    @Override
    public String describe() {
        return inner.describe() + ", losing " + faults.lossPercent() + "% and reordering " + faults.reorderPercent() + "% of frames";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        inner.close();
    }
}
