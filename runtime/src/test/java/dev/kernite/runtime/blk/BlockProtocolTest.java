package dev.kernite.runtime.blk;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockProtocolTest {
    @Test
    void everyRequestRoundTrips() {
        for (BlockProtocol.Request r : List.of(new BlockProtocol.Attach(0x1234), new BlockProtocol.Transfer(false, 7, 8, 4096),
                new BlockProtocol.Transfer(true, Long.MAX_VALUE / 512, Integer.MAX_VALUE, 0), new BlockProtocol.Flush(),
                new BlockProtocol.Info(), new BlockProtocol.StatsRequest())) {
            Result<BlockProtocol.Request> back = BlockProtocol.decode(r.encode(new Message()));
            assertEquals(Result.ok(r), back, r.toString());
        }
    }

    @Test
    void malformedRequestsAreInvalidAndUnknownLabelsUnsupported() {
        Message m = new Message();
        assertEquals(Status.INVALID_ARGUMENT, BlockProtocol.decode(m.clear().setLabel(BlockProtocol.ATTACH)).status(), "no handle");
        assertEquals(Status.INVALID_ARGUMENT, BlockProtocol.decode(m.clear().setLabel(BlockProtocol.READ).setLength(19)).status(), "short");
        assertEquals(Status.INVALID_ARGUMENT, BlockProtocol.decode(m.clear().setLabel(BlockProtocol.WRITE).setLength(20)
            .putLong(0, -1).putInt(8, 1).putLong(12, 0)).status(), "negative sector");
        assertEquals(Status.INVALID_ARGUMENT, BlockProtocol.decode(m.clear().setLabel(BlockProtocol.READ).setLength(20)
            .putLong(0, 0).putInt(8, 0).putLong(12, 0)).status(), "zero sectors");
        assertEquals(Status.INVALID_ARGUMENT, BlockProtocol.decode(m.clear().setLabel(BlockProtocol.READ).setLength(20)
            .putLong(0, 0).putInt(8, 1).putLong(12, -4096)).status(), "negative offset");
        assertEquals(Status.INVALID_ARGUMENT, BlockProtocol.decode(m.clear().setLabel(BlockProtocol.FLUSH).setLength(1)).status(), "flush with a payload");
        assertEquals(Status.NOT_SUPPORTED, BlockProtocol.decode(m.clear().setLabel(99)).status());
    }

    @Test
    void randomMessagesDecodeOrAreRefusedNeverThrow() {
        SplittableRandom rnd = new SplittableRandom(11);
        Message m = new Message();
        for (int i = 0; i < 100_000; i++) {
            int len = rnd.nextInt(32);
            m.clear().setLabel(rnd.nextInt(9) - 1).setLength(len);
            for (int j = 0; j < len; j++) m.buffer().set(java.lang.foreign.ValueLayout.JAVA_BYTE, j, (byte) rnd.nextInt(256));
            Result<BlockProtocol.Request> r = BlockProtocol.decode(m);
            if (r.ok()) assertEquals(r, BlockProtocol.decode(r.value().encode(new Message())));
        }
    }

    @Test
    void repliesRoundTripAndBadOnesAreProtocolErrors() {
        BlockProtocol.DiskInfo info = new BlockProtocol.DiskInfo("blk0", 131072, true, 1 << 20);
        assertEquals(Result.ok(info), BlockProtocol.DiskInfo.decode(info.encode(new Message())));
        BlockProtocol.Stats stats = new BlockProtocol.Stats(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertEquals(Result.ok(stats), BlockProtocol.Stats.decode(stats.encode(new Message())));
        assertEquals(Status.PROTOCOL_ERROR, BlockProtocol.DiskInfo.decode(new Message().setLength(4)).status());
        assertEquals(Status.PROTOCOL_ERROR, BlockProtocol.Stats.decode(new Message().setLength(63)).status());
        Message wrongSector = info.encode(new Message()).putInt(8, 4096);
        assertEquals(Status.PROTOCOL_ERROR, BlockProtocol.DiskInfo.decode(wrongSector).status());
    }
}
