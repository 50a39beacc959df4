package dev.kernite.ext2;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The disk under a file system: byte-addressed in whole 512-byte sectors. Implementations: {@link FileBlockStore}
 * here, one over the block driver in the file server. The file system never reads or writes outside
 * {@code [0, size())}; an implementation should still refuse such a request (with an IOException).
 *
 * <p>Thread safety: as the implementation says; the file system calls it from one thread at a time.
 */
public interface BlockStore {
    /** The size in bytes, a multiple of 512. */
    long size();

    boolean readOnly();

    /** Reads {@code into.byteSize()} bytes at {@code offset}; both multiples of 512. */
    void read(long offset, MemorySegment into) throws IOException;

    /** Writes {@code from.byteSize()} bytes at {@code offset}; both multiples of 512. */
    void write(long offset, MemorySegment from) throws IOException;

    /**
     * Writes {@code parts} one after the other from {@code offset} as one request (a gathering write: the file
     * system writes a run of cached blocks without first copying them together). Sizes are multiples of 512. The
     * default copies them into one array and writes that; a store that copies anyway (into a DMA buffer) should
     * copy straight from the parts.
     */
    default void write(long offset, List<MemorySegment> parts) throws IOException {
        if (parts.size() == 1) {
            write(offset, parts.getFirst());
            return;
        }
        long total = 0;
        for (MemorySegment p : parts) total += p.byteSize();
        MemorySegment all = MemorySegment.ofArray(new byte[Math.toIntExact(total)]);
        long at = 0;
        for (MemorySegment p : parts) {
            MemorySegment.copy(p, 0, all, at, p.byteSize());
            at += p.byteSize();
        }
        write(offset, all);
    }

    /** Makes everything written so far durable. */
    void flush() throws IOException;
}
