package dev.kernite.rs;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * rs's timers: backoff restarts, start deadlines, AWAIT_READY deadlines, stop escalation, readiness polls. The main
 * loop waits in {@code receive} at most until the next one is due ({@link #untilNext}) and then runs the due ones.
 *
 * <p>Thread safety: owned by rs's main thread.
 */
final class Timers {
    /** A scheduled action; {@link #cancel} it to drop it. */
    static final class Timer implements Comparable<Timer> {
        private final long due;
        private final long seq;
        private final Runnable action;
        private boolean cancelled;

        private Timer(long due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        void cancel() { cancelled = true; }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due - o.due, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long seq;

    Timer after(Duration delay, Runnable action) {
        Timer t = new Timer(System.nanoTime() + delay.toNanos(), seq++, action);
        queue.add(t);
        return t;
    }

    /** How long until the next timer is due (zero when one is), or null when none is scheduled. */
    Duration untilNext() {
        while (!queue.isEmpty() && queue.peek().cancelled) queue.poll();
        if (queue.isEmpty()) return null;
        return Duration.ofNanos(Math.max(0, queue.peek().due - System.nanoTime()));
    }

    /** Runs every timer that is due, in order; actions may schedule more. */
    void runDue() {
        long now = System.nanoTime();
        while (!queue.isEmpty() && (queue.peek().cancelled || queue.peek().due - now <= 0)) {
            Timer t = queue.poll();
            if (!t.cancelled) t.action.run();
        }
    }
}
