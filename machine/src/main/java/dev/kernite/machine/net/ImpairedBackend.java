package dev.kernite.machine.net;

import dev.kernite.kernel.device.LinkImpairment;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * A backend whose link loses and reorders frames ({@link LinkImpairment}), in both directions, around another
 * backend: what {@code tc qdisc … netem loss … reorder …} does on a Linux link, for hosts whose kernel has no
 * netem. A frame picked for reordering is held (copied) and delivered right after the next frame in its direction;
 * a held frame with no successor stays held until one comes (the stacks' retransmissions provide it).
 *
 * <p>Thread safety: each direction has its own state and its own single caller — {@link #send} the device
 * thread, the sink the inner backend's thread — as {@link NetBackend} says.
 */
public final class ImpairedBackend implements NetBackend {
    private final NetBackend inner;
    private final LinkImpairment faults;
    private final Direction out, in;

    /** One direction's dice and its held frame. */
    private static final class Direction {
        private final SplittableRandom random;
        private final LinkImpairment faults;
        private MemorySegment held;

        Direction(LinkImpairment faults, long seed) {
            this.faults = faults;
            this.random = new SplittableRandom(seed);
        }

        /** Passes {@code frame} on (and then a held one), holds it, or drops it; returns whether it was passed on. */
        boolean carry(MemorySegment frame, java.util.function.Predicate<MemorySegment> next) {
            if (random.nextDouble() * 100 < faults.lossPercent()) return false;
            if (held == null && random.nextDouble() * 100 < faults.reorderPercent()) {
                held = Arena.ofAuto().allocate(frame.byteSize()).copyFrom(frame);
                return true;
            }
            boolean sent = next.test(frame);
            MemorySegment late = held;
            held = null;
            if (late != null) next.test(late);
            return sent;
        }
    }

    public ImpairedBackend(NetBackend inner, LinkImpairment faults) {
        this.inner = inner;
        this.faults = faults;
        this.out = new Direction(faults, faults.seed());
        this.in = new Direction(faults, faults.seed() * 31 + 7);
    }

    @Override
    public void start(FrameSink sink) {
        inner.start(frame -> in.carry(frame, f -> {
            sink.receive(f);
            return true;
        }));
    }

    @Override
    public boolean send(MemorySegment frame) { return out.carry(frame, inner::send); }

    @Override
    public boolean linkUp() { return inner.linkUp(); }

    @Override
    public String describe() {
        return inner.describe() + ", losing " + faults.lossPercent() + "% and reordering " + faults.reorderPercent() + "% of frames";
    }

    @Override
    public void close() { inner.close(); }
}
