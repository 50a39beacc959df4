package dev.kernite.machine.block;

import static dev.kernite.abi.device.BlkRequestLayout.*;

import dev.kernite.machine.virtio.VirtioDevice;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The live counters behind {@link BlockStats}.
 *
 * <p>Thread safety: written by the device thread, read from any thread (each counter atomic; a snapshot is not
 * one instant, which is fine for statistics).
 */
final class BlockCounters {
    private static final int IN = 0, OUT = 1, FLUSH = 2, GET_ID = 3, OTHER = 4, KINDS = 5;
    private static final int REQUESTS = 0, BYTES = 1, ERRORS = 2, FIELDS = 3;

    private final AtomicLongArray counts = new AtomicLongArray(KINDS * FIELDS);
    private final AtomicLong malformed = new AtomicLong();

    void record(int type, int status, long bytes) {
        int kind = kind(type);
        counts.incrementAndGet(kind * FIELDS + REQUESTS);
        if (status == S_OK) counts.addAndGet(kind * FIELDS + BYTES, bytes);
        else counts.incrementAndGet(kind * FIELDS + ERRORS);
    }

    void malformed() { malformed.incrementAndGet(); }

    BlockStats snapshot(VirtioDevice.Stats transport) {
        return new BlockStats(counter(IN), counter(OUT), counter(FLUSH), counter(GET_ID), counter(OTHER), malformed.get(),
            transport.resets(), transport.queueFaults(), transport.internalErrors());
    }

    private BlockStats.Counter counter(int kind) {
        return new BlockStats.Counter(counts.get(kind * FIELDS + REQUESTS), counts.get(kind * FIELDS + BYTES),
            counts.get(kind * FIELDS + ERRORS));
    }

    private static int kind(int type) {
        return switch (type) {
            case T_IN -> IN;
            case T_OUT -> OUT;
            case T_FLUSH -> FLUSH;
            case T_GET_ID -> GET_ID;
            default -> OTHER;
        };
    }
}
