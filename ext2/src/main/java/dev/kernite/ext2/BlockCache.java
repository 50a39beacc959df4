package dev.kernite.ext2;

import dev.kernite.abi.fs.FsError;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The file system's page cache: a bounded write-back cache of blocks — metadata and file data alike, as one pool —
 * evicted by CLOCK (second chance). File reads and writes go through it ({@link Files}): a read of cached blocks never
 * reaches the store, a miss loads a run of contiguous blocks in one store request ({@link #load}), a write fills
 * blocks in the cache and marks them dirty. Dirty blocks reach the store in runs of contiguous blocks, one request
 * each (up to {@link #MAX_RUN_BYTES}): at {@link #writeBack} (sync, fsync, close), and when CLOCK picks a dirty block,
 * which writes the dirty run around it and keeps those blocks, now clean. Why one pool: a cache as large as the
 * server's memory is what lets a file just written or read be read again at memory speed, as Linux's page cache does;
 * metadata blocks in use are referenced often enough that CLOCK keeps them.
 *
 * <p>Invariant: a cached block is the block's current content; the store is only behind it for dirty blocks. Freed
 * blocks are {@link #forget forgotten} (never written). Callers check block numbers before asking
 * ({@link Volume#checkBlock}); the cache checks them again so no request can leave the file system.
 *
 * <p>Contract for callers: the array returned by {@link #read}, {@link #modify}, {@link #fresh} or {@link #overwrite}
 * (and by {@link #cached}) is the cached copy and stays the block's copy only until the next call into the cache (which may evict it and
 * reuse the array for another block). Use it at once and fetch it again after any other cache call.
 *
 * <p>Thread safety: not thread-safe; owned by its {@link Ext2FileSystem}'s single caller.
 */
final class BlockCache {
    /** The largest store request the cache makes (a loaded run, or a run of dirty blocks). */
    static final int MAX_RUN_BYTES = 1 << 20;

    private static final class Entry {
        final byte[] data;
        long block = -1;                      // -1: free
        boolean dirty, referenced;

        Entry(byte[] data) { this.data = data; }
    }

    private final BlockStore store;
    private final int blockSize;
    private final long blocks;
    private final int capacity;
    private final LongMap<Entry> index = new LongMap<>();
    private final List<Entry> slots = new ArrayList<>();       // the clock face, grown up to capacity
    private final List<Entry> free = new ArrayList<>();        // forgotten entries, reused first
    private final Set<Entry> dirty = new HashSet<>();
    private int hand;
    private long reads, writes;
    private byte[] loading;                                   // the run buffer for loads, made on first use

    BlockCache(BlockStore store, int blockSize, long blocks, int capacity) {
        this.store = store;
        this.blockSize = blockSize;
        this.blocks = blocks;
        this.capacity = capacity;
    }

    /** Blocks the cache holds at most. */
    int capacity() { return capacity; }

    /** The block's bytes if cached (a hit), else null; never reaches the store. */
    byte[] cached(long block) {
        Entry e = index.get(block);
        if (e == null) return null;
        e.referenced = true;
        return e.data;
    }

    /** The block's bytes, read from the store if not cached. */
    byte[] read(long block) { return entry(block).data; }

    /** The block's bytes, marked dirty: change them now. */
    byte[] modify(long block) {
        Entry e = entry(block);
        markDirty(e);
        return e.data;
    }

    /** A block about to be filled completely (newly allocated): all zeros, dirty, not read from the store. */
    byte[] fresh(long block) {
        byte[] data = overwrite(block);
        Arrays.fill(data, (byte) 0);
        return data;
    }

    /** A block the caller overwrites completely now: dirty, its old content neither read nor cleared. */
    byte[] overwrite(long block) {
        Entry e = index.get(block);
        if (e == null) e = insert(block);
        e.referenced = true;
        markDirty(e);
        return e.data;
    }

    /** Forgets a block without writing it (it was freed). */
    void forget(long block) {
        Entry e = index.remove(block);
        if (e == null) return;
        dirty.remove(e);
        e.block = -1;
        e.dirty = e.referenced = false;
        free.add(e);
    }

    /**
     * Brings {@code count} blocks from {@code first} into the cache: the blocks not cached, from the first missing
     * one to the last, are read in one store request; cached ones (perhaps dirty) are kept as they are. At most
     * {@link #MAX_RUN_BYTES} and a quarter of the cache, so a load never pushes out its own blocks.
     */
    void load(long first, int count) {
        count = Math.min(count, Math.max(1, Math.min(MAX_RUN_BYTES / blockSize, capacity / 4)));
        int from = 0, to = count - 1;
        while (from < count && index.containsKey(first + from)) from++;
        while (to >= from && index.containsKey(first + to)) to--;
        if (from > to) return;
        int n = to - from + 1;
        if (loading == null) loading = new byte[MAX_RUN_BYTES];
        store(first + from, MemorySegment.ofArray(loading).asSlice(0, (long) n * blockSize), false);
        for (int i = 0; i < n; i++) {
            if (index.containsKey(first + from + i)) continue;
            Entry e = insert(first + from + i);
            System.arraycopy(loading, i * blockSize, e.data, 0, blockSize);
        }
    }

    /** Writes every dirty block in block order, runs of contiguous blocks in one request each. */
    void writeBack() {
        List<Entry> all = new ArrayList<>(dirty);
        all.sort(Comparator.comparingLong(e -> e.block));
        for (int i = 0; i < all.size(); ) {
            int n = 1;
            long first = all.get(i).block;
            while (i + n < all.size() && n < MAX_RUN_BYTES / blockSize && all.get(i + n).block == first + n) n++;
            writeOut(all.subList(i, i + n));
            i += n;
        }
    }

    /** Drops everything, dirty or not: what a crash does. For tests. */
    void dropAll() {
        for (Entry e : List.copyOf(index.values())) forget(e.block);
    }

    int dirtyCount() { return dirty.size(); }

    long readCount() { return reads; }

    long writeCount() { return writes; }

    private Entry entry(long block) {
        Entry e = index.get(block);
        if (e == null) {
            e = insert(block);
            try {
                store(block, MemorySegment.ofArray(e.data), false);
            } catch (Ext2Exception ex) {
                forget(block);
                throw ex;
            }
        }
        e.referenced = true;
        return e;
    }

    private void markDirty(Entry e) {
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    /** A clean, unreferenced entry for {@code block}, its content undefined: a free one, a new one, or CLOCK's victim. */
    private Entry insert(long block) {
        check(block);
        Entry e;
        if (!free.isEmpty()) e = free.removeLast();
        else if (slots.size() < capacity) slots.add(e = new Entry(new byte[blockSize]));
        else e = evict();
        e.block = block;
        index.put(block, e);
        return e;
    }

    /** Advances the hand to an entry not referenced since its last pass, writes it back if dirty, and frees it. */
    private Entry evict() {
        while (true) {
            Entry e = slots.get(hand);
            hand = (hand + 1) % slots.size();
            if (e.block < 0) continue;                          // forgotten: on the free list already
            if (e.referenced) {
                e.referenced = false;
                continue;
            }
            if (e.dirty) writeCluster(e.block);
            index.remove(e.block);
            e.block = -1;
            return e;
        }
    }

    /** Writes the run of contiguous dirty blocks around {@code block} (up to {@link #MAX_RUN_BYTES}) in one request. */
    private void writeCluster(long block) {
        int max = MAX_RUN_BYTES / blockSize;
        long first = block;
        while (block - first + 1 < max && isDirty(first - 1)) first--;
        long last = block;
        while (last - first + 1 < max && isDirty(last + 1)) last++;
        List<Entry> run = new ArrayList<>((int) (last - first + 1));
        for (long b = first; b <= last; b++) run.add(index.get(b));
        writeOut(run);
    }

    private boolean isDirty(long block) {
        Entry e = index.get(block);
        return e != null && e.dirty;
    }

    /** Writes a run of dirty entries for contiguous blocks in one gathered request, straight from the cache, and marks them clean. */
    private void writeOut(List<Entry> run) {
        long first = run.getFirst().block;
        List<MemorySegment> parts = new ArrayList<>(run.size());
        for (Entry e : run) parts.add(MemorySegment.ofArray(e.data));
        check(first);
        check(first + run.size() - 1);
        try {
            store.write(first * blockSize, parts);
            writes++;
        } catch (IOException ex) {
            throw new Ext2Exception(FsError.EIO, "writing block " + first + ": " + ex.getMessage());
        }
        for (Entry e : run) {
            e.dirty = false;
            dirty.remove(e);
        }
    }

    /** One store request for the whole blocks of {@code data} from {@code first}; every block checked first. */
    private void store(long first, MemorySegment data, boolean write) {
        int count = (int) (data.byteSize() / blockSize);
        check(first);
        check(first + count - 1);
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

    private void check(long block) {
        if (block < 0 || block >= blocks) throw Ext2Exception.corrupt("block " + block + " is outside the file system");
    }
}
