package dev.kernite.net;

import dev.kernite.netstack.Counter;
import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.NetCounters;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.net.SocketProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The STATS reply: every engine counter, every drop reason ({@code drop.REASON}) and the server's own link drops
 * ({@code drop.rx_queue_full}, {@code drop.tx_lost}), as (value, name) pairs, names in lower case.
 *
 * <p>Thread safety: stateless.
 */
final class Stats {
    private Stats() {}

    static boolean encode(NetCounters c, NicLink link, Message m) {
        SocketProtocol.ok(m, 0).setLength(4);
        int[] at = {4};
        int n = 0;
        for (Counter k : Counter.values()) n += put(m, at, k.name(), c.get(k));
        for (DropReason r : DropReason.values()) n += put(m, at, "drop." + r.name(), c.drops(r));
        n += put(m, at, "drop.rx_queue_full", link.rxDropped.get());
        n += put(m, at, "drop.tx_lost", link.txDropped.get());
        m.setLength(at[0]).putInt(0, n);
        return true;
    }

    private static int put(Message m, int[] at, String name, long value) {
        byte[] b = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        int len = Math.min(b.length, SocketProtocol.MAX_STAT_NAME);
        m.setLength(at[0] + 9 + len).putLong(at[0], value);
        m.buffer().set(java.lang.foreign.ValueLayout.JAVA_BYTE, at[0] + 8, (byte) len);
        for (int i = 0; i < len; i++) m.buffer().set(java.lang.foreign.ValueLayout.JAVA_BYTE, at[0] + 9 + i, b[i]);
        at[0] += 9 + len;
        return 1;
    }
}
