package dev.kernite.ext2;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link BlockStore} over an image file (whole 512-byte sectors; a trailing partial sector is not used).
 * Every request is checked against the bounds, so nothing outside the image is ever touched.
 *
 * <p>Thread safety: safe for use by several threads (FileChannel positional I/O), though the file system uses it
 * from one.
 */
public final class FileBlockStore implements BlockStore, AutoCloseable {
    private static final int SECTOR = 512;
    private final FileChannel channel;
    private final long size;
    private final boolean readOnly;

    private FileBlockStore(FileChannel channel, long size, boolean readOnly) {
        this.channel = channel;
        this.size = size;
        this.readOnly = readOnly;
    }

    public static FileBlockStore open(Path image, boolean readOnly) throws IOException {
        FileChannel ch = readOnly ? FileChannel.open(image, StandardOpenOption.READ)
            : FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new FileBlockStore(ch, ch.size() / SECTOR * SECTOR, readOnly);
    }

    @Override public long size() { return size; }

    @Override public boolean readOnly() { return readOnly; }

    @Override
    public void read(long offset, MemorySegment into) throws IOException {
        check(offset, into.byteSize());
        var buf = into.asByteBuffer();
        while (buf.hasRemaining()) {
            int n = channel.read(buf, offset + buf.position());
            if (n < 0) throw new IOException("image ended early at " + (offset + buf.position()));
        }
    }

    @Override
    public void write(long offset, MemorySegment from) throws IOException {
        if (readOnly) throw new IOException("the image is open read-only");
        check(offset, from.byteSize());
        var buf = from.asByteBuffer();
        while (buf.hasRemaining()) channel.write(buf, offset + buf.position());
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly) channel.force(false);
    }

    @Override
    public void close() throws IOException { channel.close(); }

    private void check(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset % SECTOR != 0 || length % SECTOR != 0 || offset > size - length) {
            throw new IOException("request [" + offset + ", +" + length + ") is not whole sectors inside the image of " + size + " bytes");
        }
    }
}
