package dev.kernite.probe;

import static dev.kernite.probe.Probe.result;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.blk.BlockProtocol;
import java.time.Duration;

/**
 * A block client that breaks the rules, on a raw channel to the driver (capability {@code blk}): every bad
 * request must get its own error and leave the driver serving.
 *
 * <pre>
 *   blkbad      → RESULT blkbad NAME STATUS lines, then RESULT blkbad good STATUS for a proper read at the end
 * </pre>
 */
final class BlockProbe {
    private static final Duration CALL = Duration.ofSeconds(10);

    private BlockProbe() {}

    static void bad(Env env) {
        Client c = env.connect("blk").orElseThrow();
        Message m = new Message();
        result("blkbad", "read-unattached", call(c, new BlockProtocol.Transfer(false, 0, 1, 0).encode(m)));
        result("blkbad", "unknown-label", call(c, m.clear().setLabel(77)));
        result("blkbad", "short-read", call(c, m.clear().setLabel(BlockProtocol.READ).setLength(7)));
        result("blkbad", "made-up-handle", call(c, new BlockProtocol.Attach(0x7777).encode(m)));
        Dataspace buf = env.allocate(8192).orElseThrow();
        int ro = buf.grant(0, 8192, Rights.READ, c.handle()).orElseThrow();
        result("blkbad", "read-only-buffer", call(c, new BlockProtocol.Attach(ro).encode(m)));
        int rw = buf.grant(0, 8192, Rights.READ | Rights.WRITE, c.handle()).orElseThrow();
        result("blkbad", "attach", call(c, new BlockProtocol.Attach(rw).encode(m)));
        result("blkbad", "past-buffer", call(c, new BlockProtocol.Transfer(false, 0, 16, 4096).encode(m)));
        result("blkbad", "past-disk", call(c, new BlockProtocol.Transfer(false, Long.MAX_VALUE / 1024, 1, 0).encode(m)));
        result("blkbad", "huge", call(c, new BlockProtocol.Transfer(false, 0, Integer.MAX_VALUE, 0).encode(m)));
        buf.segment().fill((byte) 0x6B);
        result("blkbad", "write", call(c, new BlockProtocol.Transfer(true, 8, 16, 0).encode(m)));
        buf.segment().fill((byte) 0);
        Status s = call(c, new BlockProtocol.Transfer(false, 8, 16, 0).encode(m));
        boolean same = buf.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 8191) == 0x6B;
        result("blkbad", "good", s, same ? "data-intact" : "data-wrong");
    }

    private static Status call(Client c, Message m) {
        Status s = c.call(m, m, CALL);
        return s == Status.OK ? Status.fromCode(m.label()) : s;
    }
}
