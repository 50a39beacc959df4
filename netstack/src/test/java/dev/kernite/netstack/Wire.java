package dev.kernite.netstack;

import dev.kernite.netstack.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Two engines on a simulated Ethernet in virtual time: A = 10.0.0.1, B = 10.0.0.2. Frames take {@code delay} ms,
 * and with the seeded impairments may be lost, duplicated or delayed further (which reorders them).
 * Not thread-safe; single-threaded tests only.
 */
final class Wire {
    static final int A_IP = Ip4.of(10, 0, 0, 1);
    static final int B_IP = Ip4.of(10, 0, 0, 2);
    static final long A_MAC = 0x02_00_00_00_00_01L;
    static final long B_MAC = 0x02_00_00_00_00_02L;

    record Event(int handle, int readiness) {}

    final class Recorder implements NetEvents {
        final List<Event> events = new ArrayList<>();
        final List<long[]> pings = new ArrayList<>();

        @Override
        public void socketReady(int handle, int readiness) { events.add(new Event(handle, readiness)); }

        @Override
        public void pingReply(int address, int ident, int sequence, long rttMillis) {
            pings.add(new long[] {address, ident, sequence, rttMillis});
        }
    }

    private record InFlight(long at, long order, NetStack to, byte[] frame) {}

    final long seed;
    final VirtualClock clock = new VirtualClock();
    final Random random;
    final Recorder eventsA = new Recorder();
    final Recorder eventsB = new Recorder();
    final NetStack a;
    final NetStack b;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.order, y.order));
    private long order;
    long delay = 1;
    double loss;
    double duplicate;
    double reorder;
    long framesCarried;
    /** When set, frames to B are handed here instead (null = deliver). */
    java.util.function.Predicate<byte[]> filterToB = f -> true;

    private boolean batched;

    Wire(long seed) { this(seed, NetLimits.defaults()); }

    Wire(long seed, NetLimits limits) {
        this.seed = seed;
        this.random = new Random(seed);
        a = new NetStack(new NetConfig(A_MAC, A_IP, 24, 0, 1500), limits, f -> carry(f, true), clock, eventsA, seed * 31 + 1);
        b = new NetStack(new NetConfig(B_MAC, B_IP, 24, 0, 1500), limits, f -> carry(f, false), clock, eventsB, seed * 31 + 2);
    }

    /** Frames due at the same instant reach each engine as one batch (beginBatch/endBatch), as the server's drain does. */
    Wire batched() {
        batched = true;
        return this;
    }

    Wire impair(double loss, double duplicate, double reorder) {
        this.loss = loss;
        this.duplicate = duplicate;
        this.reorder = reorder;
        return this;
    }

    private void carry(byte[] frame, boolean fromA) {
        NetStack to = fromA ? b : a;
        if (!fromA || filterToB.test(frame)) {
            if (random.nextDouble() < loss) return;
            int copies = random.nextDouble() < duplicate ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                long extra = random.nextDouble() < reorder ? 1 + random.nextInt(5) : 0;
                queue.add(new InFlight(clock.nowMillis() + delay + extra, order++, to, frame.clone()));
            }
        }
    }

    /** Runs events until {@code done} holds, calling {@code step} after each; fails after {@code maxMillis} of virtual time. */
    void runUntil(BooleanSupplier done, long maxMillis, Runnable step) {
        long end = clock.nowMillis() + maxMillis;
        step.run();
        while (!done.getAsBoolean()) {
            long next = Math.min(queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at,
                Math.min(a.nextDeadline(), b.nextDeadline()));
            if (next > end) throw new AssertionError("not done after " + maxMillis + " ms of virtual time (seed " + seed + ")\nA: "
                + a.counters() + "\nB: " + b.counters());
            if (next > clock.nowMillis()) clock.set(next);
            if (batched) { a.beginBatch(); b.beginBatch(); }
            while (!queue.isEmpty() && queue.peek().at <= clock.nowMillis()) {
                InFlight f = queue.poll();
                framesCarried++;
                f.to.receive(f.frame);
            }
            if (batched) { a.endBatch(); b.endBatch(); }
            if (a.nextDeadline() <= clock.nowMillis()) a.tick();
            if (b.nextDeadline() <= clock.nowMillis()) b.tick();
            step.run();
        }
    }

    void runUntil(BooleanSupplier done, long maxMillis) { runUntil(done, maxMillis, () -> {}); }

    /** Lets virtual time pass, delivering and ticking. */
    void runFor(long millis) {
        long end = clock.nowMillis() + millis;
        for (;;) {
            long next = Math.min(queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at, Math.min(a.nextDeadline(), b.nextDeadline()));
            if (next > end) break;
            runUntil(() -> true, 0);
            if (next > clock.nowMillis()) clock.set(next);
            while (!queue.isEmpty() && queue.peek().at <= clock.nowMillis()) {
                framesCarried++;
                InFlight f = queue.poll();
                f.to.receive(f.frame);
            }
            if (a.nextDeadline() <= clock.nowMillis()) a.tick();
            if (b.nextDeadline() <= clock.nowMillis()) b.tick();
        }
        clock.set(end);
    }

    int inFlight() { return queue.size(); }
}
