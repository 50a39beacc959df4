package dev.kernite.rs;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Message;

/**
 * How rs's worker threads (death watcher, heartbeat monitors, registrar) report to the main thread: one-way
 * messages on a channel to rs's own endpoint, so the main loop learns of deaths, answers and hangs in the same
 * {@code receive} as of requests — MINIX's notifications-as-messages. The main loop accepts these labels only from
 * its own pid (the kernel-stamped badge), never from a client.
 *
 * <pre>
 *   label            payload          meaning
 *   DEATHS   -2      0 bits i32       the kernel signalled these death-notice bits
 *   ALIVE    -3      0 instance i32   every endpoint of the instance answered its first heartbeat
 *   HUNG     -4      0 instance i32   a heartbeat went unanswered past the deadline
 *   REGISTERED -5    0 instance i32   the instance's endpoints were registered with names (or could not be)
 * </pre>
 *
 * <p>Thread safety: thread-safe (sends are serialized).
 */
final class Events {
    static final int DEATHS = -2;
    static final int ALIVE = -3;
    static final int HUNG = -4;
    static final int REGISTERED = -5;

    private final Client self;
    private final Message message = new Message(); // guarded by this

    Events(Client self) {
        this.self = self;
    }

    /** True for a label of this protocol. */
    static boolean isEvent(int label) {
        return label <= DEATHS && label >= REGISTERED;
    }

    /** Sends one event; waits while rs's request ring is full (back-pressure). */
    synchronized void post(int label, int value) {
        Status s = self.send(message.clear().setLabel(label).putInt(0, value));
        if (s != Status.OK) System.err.println("rs: cannot post event " + label + " to the main loop: " + s);
    }
}
