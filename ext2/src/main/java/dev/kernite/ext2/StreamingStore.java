package dev.kernite.ext2;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A {@link BlockStore} in front of the mounted store that turns streams of requests into fewer, larger ones, as a
 * disk's queue does: every request to the store under the file server is a round trip through the block driver
 * (~10 µs, and far more when the cores are busy), so moving 1 MiB per trip instead of 256 KiB matters more than the
 * extra copy.
 *
 * <ul>
 *   <li><b>Write gathering.</b> A write that starts where the pending one ends is appended to it, up to
 *       {@link #WINDOW} bytes; anything else — another write, any read, {@link #flush} — first sends the pending
 *       write. So the store sees the same writes in the same order, only joined: what was durable after a flush
 *       still is, and a read never misses a write.</li>
 *   <li><b>Read-ahead.</b> A read of at least {@link #MIN_SEQUENTIAL} bytes that starts where the previous read
 *       ended reads {@link #WINDOW} bytes (within the store) into a window; later reads inside the window are copied
 *       from it. Any write overlapping the window drops it, so the window always equals the store.</li>
 * </ul>
 *
 * <p>Thread safety: not thread-safe; owned by one {@link Ext2FileSystem}'s {@link Volume}.
 */
final class StreamingStore implements BlockStore {
    /** The largest request this store makes (what the block driver takes in one request). */
    static final int WINDOW = 1 << 20;
    /** Reads smaller than this never start a read-ahead (metadata, random reads). */
    static final int MIN_SEQUENTIAL = 64 << 10;

    private final BlockStore store;
    private byte[] pending;                    // made on first use
    private long pendingAt = -1;               // -1: nothing pending
    private int pendingBytes;
    private byte[] window;                     // made on first use
    private long windowAt = -1;                // -1: no window
    private int windowBytes;
    private long lastReadEnd = -1;

    StreamingStore(BlockStore store) { this.store = store; }

    @Override public long size() { return store.size(); }

    @Override public boolean readOnly() { return store.readOnly(); }

    @Override
    public void read(long offset, MemorySegment into) throws IOException {
        sendPending();
        long n = into.byteSize();
        boolean sequential = offset == lastReadEnd;
        lastReadEnd = offset + n;
        if (!inWindow(offset, n) && sequential && n >= MIN_SEQUENTIAL && n < WINDOW) fillWindow(offset);
        if (inWindow(offset, n)) MemorySegment.copy(MemorySegment.ofArray(window), offset - windowAt, into, 0, n);
        else store.read(offset, into);
    }

    @Override
    public void write(long offset, MemorySegment from) throws IOException {
        long n = from.byteSize();
        if (windowAt >= 0 && offset < windowAt + windowBytes && windowAt < offset + n) windowAt = -1;
        if (pendingAt >= 0 && (offset != pendingAt + pendingBytes || pendingBytes + n > WINDOW)) sendPending();
        if (n >= WINDOW) {                     // already as large as it gets: no copy
            store.write(offset, from);
            return;
        }
        if (pending == null) pending = new byte[WINDOW];
        if (pendingAt < 0) pendingAt = offset;
        MemorySegment.copy(from, 0, MemorySegment.ofArray(pending), pendingBytes, n);
        pendingBytes += (int) n;
    }

    /** A run of {@link #WINDOW} or more goes down as it is (gathered, no copy here); a smaller one joins the pending write. */
    @Override
    public void write(long offset, List<MemorySegment> parts) throws IOException {
        long n = 0;
        for (MemorySegment p : parts) n += p.byteSize();
        if (n < WINDOW) {
            long at = offset;
            for (MemorySegment p : parts) {
                write(at, p);
                at += p.byteSize();
            }
            return;
        }
        if (windowAt >= 0 && offset < windowAt + windowBytes && windowAt < offset + n) windowAt = -1;
        sendPending();
        store.write(offset, parts);
    }

    @Override
    public void flush() throws IOException {
        sendPending();
        store.flush();
    }

    /** Forgets the pending write without sending it: what a crash does. For tests. */
    void dropPending() {
        pendingAt = -1;
        pendingBytes = 0;
        windowAt = -1;
    }

    private void sendPending() throws IOException {
        if (pendingAt < 0) return;
        long at = pendingAt;
        int n = pendingBytes;
        pendingAt = -1;
        pendingBytes = 0;
        store.write(at, MemorySegment.ofArray(pending).asSlice(0, n));
    }

    private boolean inWindow(long offset, long n) {
        return windowAt >= 0 && offset >= windowAt && offset + n <= windowAt + windowBytes;
    }

    private void fillWindow(long offset) throws IOException {
        if (window == null) window = new byte[WINDOW];
        windowAt = -1;
        int n = (int) Math.min(WINDOW, store.size() - offset);
        store.read(offset, MemorySegment.ofArray(window).asSlice(0, n));
        windowAt = offset;
        windowBytes = n;
    }
}
