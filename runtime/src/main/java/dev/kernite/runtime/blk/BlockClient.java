package dev.kernite.runtime.blk;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.ServiceClient;
import dev.kernite.runtime.WaitMode;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * A client of a block driver found by name ({@code blk}): it owns a buffer dataspace, grants it to the driver on
 * every connection, and moves sectors between the disk and that buffer without copies. It survives restarts of
 * the driver: requests are idempotent, so one that was in flight is sent again to the new driver (after the
 * buffer is granted and attached again).
 *
 * <p>Thread safety: thread-safe; one request at a time (use several clients for parallel I/O — each has its own
 * buffer).
 */
public final class BlockClient implements AutoCloseable {
    private final ServiceClient service;
    private final Dataspace buffer;
    private final Message request = new Message();
    private final Message reply = new Message();

    private BlockClient(ServiceClient service, Dataspace buffer) {
        this.service = service;
        this.buffer = buffer;
    }

    /**
     * Allocates a buffer of {@code bufferBytes} (charged to this process) and connects to the driver named
     * {@code service}, waiting up to {@code deadline} for it.
     */
    public static Result<BlockClient> connect(Env env, String service, long bufferBytes, Duration deadline) {
        Result<Dataspace> buf = env.allocate(bufferBytes);
        if (!buf.ok()) return Result.error(buf.status());
        Dataspace d = buf.value();
        // A block request goes on to the driver and the device: yield the core to them while waiting (WaitMode).
        Result<ServiceClient> sc = ServiceClient.of(env, service, deadline, channel -> {
            channel.setWaitMode(WaitMode.YIELD);
            return attach(d, channel);
        });
        if (!sc.ok()) {
            d.close();
            return Result.error(sc.status());
        }
        return Result.ok(new BlockClient(sc.value(), d));
    }

    /** Grants the buffer on a new channel and attaches it. */
    private static Status attach(Dataspace buffer, Client channel) {
        Result<Integer> granted = buffer.grant(0, buffer.size(), Rights.READ | Rights.WRITE, channel.handle());
        if (!granted.ok()) return granted.status() == Status.PEER_DIED || granted.status() == Status.CHANNEL_CLOSED ? Status.PEER_DIED : granted.status();
        Message m = new BlockProtocol.Attach(granted.value()).encode(new Message());
        Status s = channel.call(m, m, Duration.ofSeconds(10));
        if (s != Status.OK) return s;
        return Status.fromCode(m.label());
    }

    /** The shared buffer: fill it before a write, read it after a read. */
    public MemorySegment buffer() { return buffer.segment(); }

    /** Reads {@code count} sectors from {@code sector} into the buffer at {@code offset}. */
    public synchronized Status read(long sector, int count, long offset) {
        return io(new BlockProtocol.Transfer(false, sector, count, offset));
    }

    /** Writes {@code count} sectors at {@code sector} from the buffer at {@code offset}; OK once the device has them. */
    public synchronized Status write(long sector, int count, long offset) {
        return io(new BlockProtocol.Transfer(true, sector, count, offset));
    }

    /** Makes every write acknowledged so far durable on the disk image. */
    public synchronized Status flush() {
        return io(new BlockProtocol.Flush());
    }

    public synchronized Result<BlockProtocol.DiskInfo> info() {
        Status s = io(new BlockProtocol.Info());
        return s == Status.OK ? BlockProtocol.DiskInfo.decode(reply) : Result.error(s);
    }

    public synchronized Result<BlockProtocol.Stats> stats() {
        Status s = io(new BlockProtocol.StatsRequest());
        return s == Status.OK ? BlockProtocol.Stats.decode(reply) : Result.error(s);
    }

    /** Requests sent again after the driver died. */
    public long retries() { return service.retries(); }

    private Status io(BlockProtocol.Request r) {
        Status s = service.call(r.encode(request), reply, true);
        return s == Status.OK ? Status.fromCode(reply.label()) : s;
    }

    /** Closes the channel and frees the buffer (which takes it back from the driver too). */
    @Override
    public void close() {
        service.close();
        buffer.close();
    }
}
