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
 * store when it is evicted or at {@link #writeBack}. Callers check block numbers before asking ({@link Volume#checkBlock});
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
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long reads, writes;

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

    /** Writes every dirty block, in block order (the store sees ascending offsets). */
    void writeBack() {
        List<Map.Entry<Long, Entry>> dirty = new ArrayList<>();
        for (var e : entries.entrySet()) if (e.getValue().dirty) dirty.add(e);
        dirty.sort(Map.Entry.comparingByKey());
        for (var e : dirty) {
            writeOut(e.getKey(), e.getValue().data);
            e.getValue().dirty = false;
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

    private void transfer(long block, byte[] data, boolean write) {
        check(block);
        try {
            if (write) {
                store.write(block * blockSize, MemorySegment.ofArray(data));
                writes++;
            } else {
                store.read(block * blockSize, MemorySegment.ofArray(data));
                reads++;
            }
        } catch (IOException ex) {
            throw new Ext2Exception(FsError.EIO, (write ? "writing" : "reading") + " block " + block + ": " + ex.getMessage());
        }
    }

    private void check(long block) {
        if (block < 0 || block >= blocks) throw Ext2Exception.corrupt("block " + block + " is outside the file system");
    }
}
