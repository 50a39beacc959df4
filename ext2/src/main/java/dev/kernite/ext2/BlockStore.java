package dev.kernite.ext2;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

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

    /** Makes everything written so far durable. */
    void flush() throws IOException;
}
