package dev.kernite.netstack;

/** A clock tests move by hand. Not thread-safe. */
final class VirtualClock implements Clock {
    private long now = 1_000_000;

    @Override
    public long nowMillis() { return now; }

    void set(long t) {
        if (t < now) throw new IllegalArgumentException("time runs forward");
        now = t;
    }

    void advance(long ms) { now += ms; }
}
