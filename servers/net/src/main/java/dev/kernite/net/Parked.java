package dev.kernite.net;

import dev.kernite.runtime.Message;
import dev.kernite.runtime.net.SocketProtocol;

/**
 * A blocking request waiting in the server: the reply (holding the caller's reply token), the request, who made it,
 * the engine handle it waits on (0 for pings and name look-ups, which have their own keys), its key (ping sequence
 * or DNS id) and its deadline ({@code System.nanoTime()}, or Long.MAX_VALUE).
 *
 * <p>Thread safety: not thread-safe; the loop thread owns it.
 */
final class Parked {
    final Message reply;
    final SocketProtocol.Request request;
    final Caller caller;
    final int engine;
    final int key;
    final long deadline;
    final long started = System.nanoTime();

    Parked(Message reply, SocketProtocol.Request request, Caller caller, int engine, int key, long deadline) {
        this.reply = reply;
        this.request = request;
        this.caller = caller;
        this.engine = engine;
        this.key = key;
        this.deadline = deadline;
    }
}
