package dev.kernite.rs;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Notification;
import dev.kernite.runtime.Result;
import java.time.Duration;

/**
 * Death notices: one notification, 32 bits. Each live instance is watched with a bit of its own while there are
 * free ones ({@link #watch}); more instances than bits share them, and the main thread then asks the kernel which
 * of the sharers died. A thread waits on the word and forwards the bits it takes to the main loop
 * ({@link Events#DEATHS}).
 *
 * <p>Thread safety: {@link #watch} and {@link #release} (bit allocation) are for rs's main thread only; the
 * waiting thread touches only the notification, which is thread-safe.
 */
final class DeathWatcher implements Runnable {
    private final Env env;
    private final Notification deaths;
    private final Events events;
    private final int[] sharers = new int[Integer.SIZE]; // main thread: live instances per bit

    DeathWatcher(Env env, Notification deaths, Events events) {
        this.env = env;
        this.deaths = deaths;
        this.events = events;
    }

    void start() {
        Thread.ofPlatform().daemon().name("rs-deaths").stackSize(256 * 1024).start(this);
    }

    /** Has the kernel signal a bit when the process dies; returns the bit, or -1 with why in the log. */
    int watch(int processHandle) {
        int bit = 0;
        for (int i = 1; i < sharers.length; i++) if (sharers[i] < sharers[bit]) bit = i;
        Status s = env.watchDeath(processHandle, deaths, 1 << bit);
        if (s != Status.OK) {
            System.err.println("rs: cannot watch a process: " + s);
            return -1;
        }
        sharers[bit]++;
        return bit;
    }

    /** The instance on {@code bit} is gone. */
    void release(int bit) {
        if (bit >= 0) sharers[bit]--;
    }

    /** True when only one live instance uses {@code bit} (its signal can only mean that one died). */
    boolean unique(int bit) {
        return sharers[bit] == 1;
    }

    @Override
    public void run() {
        while (true) {
            Result<Integer> bits = deaths.await(Duration.ofHours(1));
            if (bits.ok()) events.post(Events.DEATHS, bits.value());
            else if (bits.status() != Status.TIMED_OUT) return;
        }
    }
}
