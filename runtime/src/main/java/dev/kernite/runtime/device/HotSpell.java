package dev.kernite.runtime.device;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A driver's request thread that stays hot while work keeps coming (NAPI's way): from the first request after a
 * sleep until {@code hotNanos} pass without work, it polls its endpoint and the device's used ring in turn,
 * yielding the core between looks, and reaps completions itself with the device's interrupts off — one sleeping
 * thread fewer to wake per completion. Waking a sleeping thread costs 3–20 µs on a 2-vCPU host (more when a vCPU
 * has halted), several times a whole request; a poll that yields between looks gives the core to any thread that
 * needs it, so the device and the clients are not starved. Once idle that long the spell ends: interrupts go back
 * on, the ring is looked at once more (a completion in between raised no interrupt), and the thread may sleep.
 *
 * <p>The loop around it:
 * <pre>
 *   while (true) {
 *       Status s = spell.hot() ? server.receive(m, Duration.ZERO) : server.receive(m);
 *       if (s == Status.OK) { spell.working(); handle(m); }
 *       else if (spell.hot()) spell.idle();
 *   }
 * </pre>
 *
 * <p>Thread safety: the request thread's alone; {@code reap} and {@code setPolling} must be safe to call from it.
 */
public final class HotSpell {
    private final long hotNanos;
    private final IntSupplier reap;
    private final Consumer<Boolean> setPolling;
    private boolean hot;
    private long lastWork;

    /**
     * @param reap       reaps and answers what the device finished; returns how many
     * @param setPolling true: interrupts off while the thread polls; false: on again, made visible before the
     *                   next {@code reap}
     */
    public HotSpell(long hotNanos, IntSupplier reap, Consumer<Boolean> setPolling) {
        if (hotNanos <= 0) throw new IllegalArgumentException("hotNanos " + hotNanos);
        this.hotNanos = hotNanos;
        this.reap = reap;
        this.setPolling = setPolling;
    }

    /**
     * Whether the thread is hot, ending a spell that has been idle {@code hotNanos} — unless the last look, with
     * interrupts on again, finds completions, which start a new one.
     */
    public boolean hot() {
        if (hot && System.nanoTime() - lastWork >= hotNanos) {
            hot = false;
            setPolling.accept(false);
            if (reap.getAsInt() > 0) working();
        }
        return hot;
    }

    /** A request came: the spell starts (interrupts off) or goes on. */
    public void working() {
        if (!hot) {
            hot = true;
            setPolling.accept(true);
        }
        lastWork = System.nanoTime();
    }

    /** Nothing came while hot: look at the used ring, and give the core away when it is empty too. */
    public void idle() {
        if (reap.getAsInt() > 0) lastWork = System.nanoTime();
        else Thread.yield();
    }
}
