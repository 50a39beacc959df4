package dev.kernite.fs;

import dev.kernite.abi.Status;
import dev.kernite.ext2.BlockStore;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.blk.BlockClient;
import dev.kernite.runtime.blk.BlockProtocol;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;

/**
 * The ext2 library's {@link BlockStore} over the block driver: sectors move by DMA between the disk and this
 * store's buffer (granted to the driver once per connection), and are copied between that buffer and the file
 * system's memory. {@link BlockClient} resends what was in flight when the driver restarts, so a driver crash is
 * a pause here, not an error; a driver that stays away past the client's deadline is an IOException (EIO above).
 *
 * <p>Thread safety: not thread-safe (the file system's one caller).
 */
final class BlockDeviceStore implements BlockStore, AutoCloseable {
    /** The transfer buffer, and so the largest request: what the driver takes at most, and ext2 asks at most. */
    static final int BUFFER = 1 << 20;
    private static final Duration CONNECT = Duration.ofSeconds(30);

    private final BlockClient client;
    private final String name;
    private final long size;
    private final boolean readOnly;

    private BlockDeviceStore(BlockClient client, String name, long size, boolean readOnly) {
        this.client = client;
        this.name = name;
        this.size = size;
        this.readOnly = readOnly;
    }

    /** Connects to the block driver {@code service} and asks its disk's size. */
    static Result<BlockDeviceStore> open(Env env, String service) {
        Result<BlockClient> c = BlockClient.connect(env, service, BUFFER, CONNECT);
        if (!c.ok()) return Result.error(c.status());
        Result<BlockProtocol.DiskInfo> info = c.value().info();
        if (!info.ok()) {
            c.value().close();
            return Result.error(info.status());
        }
        BlockProtocol.DiskInfo i = info.value();
        return Result.ok(new BlockDeviceStore(c.value(), i.name(), i.bytes(), i.readOnly()));
    }

    /** The disk's name (blk0). */
    String name() { return name; }

    @Override public long size() { return size; }

    @Override public boolean readOnly() { return readOnly; }

    @Override
    public void read(long offset, MemorySegment into) throws IOException {
        for (long done = 0; done < into.byteSize(); ) {
            int n = (int) Math.min(BUFFER, into.byteSize() - done);
            check(client.read((offset + done) / BlockProtocol.SECTOR, n / BlockProtocol.SECTOR, 0), "read", offset + done);
            MemorySegment.copy(client.buffer(), 0, into, done, n);
            done += n;
        }
    }

    @Override
    public void write(long offset, MemorySegment from) throws IOException {
        write(offset, List.of(from));
    }

    /** Copies the parts straight into the transfer buffer, one driver request per {@link #BUFFER} bytes. */
    @Override
    public void write(long offset, List<MemorySegment> parts) throws IOException {
        long at = offset;
        int filled = 0;
        for (MemorySegment p : parts) {
            for (long done = 0; done < p.byteSize(); ) {
                int n = (int) Math.min(BUFFER - filled, p.byteSize() - done);
                MemorySegment.copy(p, done, client.buffer(), filled, n);
                filled += n;
                done += n;
                if (filled == BUFFER) {
                    send(at, filled);
                    at += filled;
                    filled = 0;
                }
            }
        }
        if (filled > 0) send(at, filled);
    }

    private void send(long offset, int bytes) throws IOException {
        check(client.write(offset / BlockProtocol.SECTOR, bytes / BlockProtocol.SECTOR, 0), "write", offset);
    }

    @Override
    public void flush() throws IOException {
        check(client.flush(), "flush", 0);
    }

    private void check(Status s, String what, long offset) throws IOException {
        if (s != Status.OK) throw new IOException(name + ": " + what + " at byte " + offset + ": " + s);
    }

    @Override
    public void close() {
        client.close();
    }
}
