package dev.kernite.ext2;

import dev.kernite.abi.fs.FsError;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded write-back cache of file-system blocks, least recently used first out. A dirty block is written to the
 * store when it is evicted or at {@link #writeBack}, which sends runs of contiguous dirty blocks in one store request
 * each (up to {@link #MAX_RUN_BYTES}). Large file reads and writes go around the cache in runs ({@link #readRun},
 * {@link #writeRun}): one store request per run of contiguous blocks instead of one per block, and no streaming
 * data pushing the metadata out. The invariant both keep: a cached block is the block's current content (a run
 * read takes cached blocks from the cache, a run write drops them). Callers check block numbers before asking ({@link Volume#checkBlock});
 * the cache checks them again so no request can leave the file system.
 *
 * <p>Contract for callers: the array returned by {@link #read}, {@link #modify} or {@link #fresh} is the cached copy and
 * stays the block's copy only until the next call into the cache (which may evict it). Modify it at once — take
 * {@link #modify} for that — and fetch it again after any other cache call.
 *
 * <p>Thread safety: not thread-safe; owned by its {@link Ext2FileSystem}'s single caller.
 */
final class BlockCache {
    private static final class Entry {
        final byte[] data;
        boolean dirty;

        Entry(byte[] data) { this.data = data; }
    }

    private final BlockStore store;
    private final int blockSize;
    private final long blocks;
    private final int capacity;
    /** The largest store request the cache makes (a run, or a cluster of dirty blocks). */
    static final int MAX_RUN_BYTES = 1 << 20;

    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long reads, writes;
    private byte[] staging;                                   // for clustered write-back, made on first use

    BlockCache(BlockStore store, int blockSize, long blocks, int capacity) {
        this.store = store;
        this.blockSize = blockSize;
        this.blocks = blocks;
        this.capacity = capacity;
    }

    /** The block's bytes, read from the store if not cached. */
    byte[] read(long block) { return entry(block).data; }

    /** The block's bytes, marked dirty: change them now. */
    byte[] modify(long block) {
        Entry e = entry(block);
        e.dirty = true;
        return e.data;
    }

    /** A block about to be filled completely (newly allocated): all zeros, dirty, not read from the store. */
    byte[] fresh(long block) {
        Entry e = entries.get(block);
        if (e == null) e = insert(block, new Entry(new byte[blockSize]));
        else java.util.Arrays.fill(e.data, (byte) 0);
        e.dirty = true;
        return e.data;
    }

    /** Forgets a block without writing it (it was freed). */
    void forget(long block) { entries.remove(block); }

    /**
     * Reads {@code into.byteSize() / blockSize} blocks from {@code first} straight from the store into {@code into}, in
     * one request, without caching them; blocks that are cached (perhaps dirty, so newer than the disk) are taken
     * from the cache instead.
     */
    void readRun(long first, MemorySegment into) {
        int count = runLength(first, into.byteSize());
        store(first, into, false);
        if (entries.isEmpty()) return;
        for (int i = 0; i < count; i++) {
            Entry e = entries.get(first + i);
            if (e != null) MemorySegment.copy(MemorySegment.ofArray(e.data), 0, into, (long) i * blockSize, blockSize);
        }
    }

    /**
     * Writes whole blocks from {@code first} straight to the store in one request and drops their cached copies
     * (now stale). Not flushed: like a dirty block, the data is durable after the next {@link BlockStore#flush}.
     */
    void writeRun(long first, MemorySegment from) {
        int count = runLength(first, from.byteSize());
        store(first, from, true);
        for (int i = 0; i < count; i++) entries.remove(first + i);
    }

    /** Writes every dirty block in block order, runs of contiguous blocks in one request each. */
    void writeBack() {
        List<Map.Entry<Long, Entry>> dirty = new ArrayList<>();
        for (var e : entries.entrySet()) if (e.getValue().dirty) dirty.add(e);
        dirty.sort(Map.Entry.comparingByKey());
        int maxRun = MAX_RUN_BYTES / blockSize;
        for (int i = 0; i < dirty.size(); ) {
            int n = 1;
            long first = dirty.get(i).getKey();
            while (i + n < dirty.size() && n < maxRun && dirty.get(i + n).getKey() == first + n) n++;
            if (n == 1) {
                writeOut(first, dirty.get(i).getValue().data);
            } else {
                if (staging == null) staging = new byte[MAX_RUN_BYTES];
                for (int k = 0; k < n; k++) System.arraycopy(dirty.get(i + k).getValue().data, 0, staging, k * blockSize, blockSize);
                store(first, MemorySegment.ofArray(staging).asSlice(0, (long) n * blockSize), true);
            }
            for (int k = 0; k < n; k++) dirty.get(i + k).getValue().dirty = false;
            i += n;
        }
    }

    /** Drops everything, dirty or not: what a crash does. For tests. */
    void dropAll() { entries.clear(); }

    int dirtyCount() {
        int n = 0;
        for (Entry e : entries.values()) if (e.dirty) n++;
        return n;
    }

    long readCount() { return reads; }

    long writeCount() { return writes; }

    private Entry entry(long block) {
        Entry e = entries.get(block);
        if (e != null) return e;
        byte[] data = new byte[blockSize];
        transfer(block, data, false);
        return insert(block, new Entry(data));
    }

    private Entry insert(long block, Entry e) {
        check(block);
        entries.put(block, e);
        if (entries.size() > capacity) evictOne();
        return e;
    }

    private void evictOne() {
        Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
        Map.Entry<Long, Entry> eldest = it.next();
        if (eldest.getValue().dirty) writeOut(eldest.getKey(), eldest.getValue().data);
        it.remove();
    }

    private void writeOut(long block, byte[] data) { transfer(block, data, true); }

    private void transfer(long block, byte[] data, boolean write) { store(block, MemorySegment.ofArray(data), write); }

    /** One store request for the whole blocks of {@code data} from {@code first}; every block checked first. */
    private void store(long first, MemorySegment data, boolean write) {
        runLength(first, data.byteSize());
        try {
            if (write) {
                store.write(first * blockSize, data);
                writes++;
            } else {
                store.read(first * blockSize, data);
                reads++;
            }
        } catch (IOException ex) {
            throw new Ext2Exception(FsError.EIO, (write ? "writing" : "reading") + " block " + first + ": " + ex.getMessage());
        }
    }

    /** The blocks in {@code bytes} (whole blocks) from {@code first}, each checked to be inside the file system. */
    private int runLength(long first, long bytes) {
        if (bytes <= 0 || bytes % blockSize != 0 || bytes > Integer.MAX_VALUE) throw new IllegalArgumentException("not whole blocks: " + bytes);
        int count = (int) (bytes / blockSize);
        check(first);
        check(first + count - 1);
        return count;
    }

    private void check(long block) {
        if (block < 0 || block >= blocks) throw Ext2Exception.corrupt("block " + block + " is outside the file system");
    }
}
