package dev.kernite.runtime.fs;

import dev.kernite.abi.fs.FsResult;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * An open file on the file server as a {@link SeekableByteChannel}, like {@code FileChannel}: a position of its
 * own (every READ and WRITE names its offset, so the channel survives a server restart), {@link #force} for fsync.
 * Errors are thrown as {@link FsExceptions} maps them; a descriptor the restarted server could not reopen throws
 * ESTALE.
 *
 * <p>Thread safety: not thread-safe (a channel has one user; its {@link FsClient} is thread-safe).
 */
public final class FsChannel implements SeekableByteChannel {
    private final FsClient fs;
    private final int fd;
    private final String path;
    private final int flags;
    private long position;
    private boolean open = true;

    FsChannel(FsClient fs, int fd, String path, int flags) {
        this.fs = fs;
        this.fd = fd;
        this.path = path;
        this.flags = flags;
    }

    /** Opens {@code path} with {@link FsProtocol} flags and {@code mode} for a file it creates. */
    public static FsChannel open(FsClient fs, String path, int flags, int mode) throws IOException {
        return new FsChannel(fs, FsExceptions.check(fs.open(path, flags, mode), path), path, flags);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if ((flags & FsProtocol.O_READ) == 0) throw new NonReadableChannelException();
        if (!dst.hasRemaining()) return 0;
        int n = FsExceptions.check(fs.read(fd, position, MemorySegment.ofBuffer(dst)), path);
        if (n == 0) return -1;
        dst.position(dst.position() + n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureOpen();
        if ((flags & FsProtocol.O_WRITE) == 0) throw new NonWritableChannelException();
        int n = FsExceptions.check(fs.write(fd, position, MemorySegment.ofBuffer(src)), path);
        src.position(src.position() + n);
        position = (flags & FsProtocol.O_APPEND) != 0 ? size() : position + n;
        return n;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public FsChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) throw new IllegalArgumentException("negative position");
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return FsExceptions.check(fs.fstat(fd), path).size();
    }

    @Override
    public FsChannel truncate(long size) throws IOException {
        ensureOpen();
        if (size < 0) throw new IllegalArgumentException("negative size");
        if (size < size()) FsExceptions.check(fs.truncate(fd, size), path);
        position = Math.min(position, size);
        return this;
    }

    /** Makes what was written durable (fsync); {@code metaData} is ignored — the file's metadata goes too. */
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        FsExceptions.check(fs.fsync(fd), path);
    }

    /** Attributes of the open file. */
    public FileStat stat() throws IOException {
        ensureOpen();
        return FsExceptions.check(fs.fstat(fd), path);
    }

    /** The client's descriptor. */
    int fd() { return fd; }

    @Override
    public boolean isOpen() { return open; }

    @Override
    public void close() throws IOException {
        if (!open) return;
        open = false;
        FsResult<Void> r = fs.close(fd);
        FsExceptions.check(r, path);
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) throw new ClosedChannelException();
    }
}
