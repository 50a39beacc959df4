package dev.kernite.machine.block;

import static dev.kernite.abi.device.BlkRequestLayout.SECTOR_SIZE;

import dev.kernite.kernel.device.MachineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A disk image file, checked and open: a regular file whose size is a positive whole number of 512-byte sectors.
 * Opened read-write when the host lets us write it, read-only otherwise.
 *
 * <p>Thread safety: immutable; the channel's positional reads and writes are thread-safe.
 */
public final class DiskImage implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long sectors;
    private final boolean readOnly;

    private DiskImage(Path path, FileChannel channel, long sectors, boolean readOnly) {
        this.path = path;
        this.channel = channel;
        this.sectors = sectors;
        this.readOnly = readOnly;
    }

    /**
     * Opens {@code path}; when it does not exist and {@code createBytes > 0}, first creates it as a sparse file of
     * that size.
     *
     * @throws MachineException the image is missing (and may not be created), not a regular file, of a size that
     *     is not whole sectors, or cannot be read; the message says what to do
     */
    public static DiskImage open(Path path, long createBytes) throws MachineException {
        return open(path, createBytes, false);
    }

    /** Opens an existing image read-only, even when the host would let us write it. */
    public static DiskImage openReadOnly(Path path) throws MachineException {
        return open(path, 0, true);
    }

    private static DiskImage open(Path path, long createBytes, boolean readOnly) throws MachineException {
        if (!Files.exists(path)) {
            if (createBytes == 0) {
                throw new MachineException("disk image " + path + " does not exist");
            }
            create(path, createBytes);
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new MachineException("cannot inspect disk image " + path + ": " + e.getMessage(), e);
        }
        if (!attrs.isRegularFile()) throw new MachineException("disk image " + path + " is not a regular file");
        if (attrs.size() == 0 || attrs.size() % SECTOR_SIZE != 0) {
            throw new MachineException("disk image " + path + " is " + attrs.size() + " bytes, not a positive multiple of "
                + SECTOR_SIZE + " (the sector size)");
        }
        if (!Files.isReadable(path)) throw new MachineException("disk image " + path + " is not readable: check its permissions");
        boolean writable = !readOnly && Files.isWritable(path);
        try {
            FileChannel ch = writable ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                                      : FileChannel.open(path, StandardOpenOption.READ);
            return new DiskImage(path, ch, attrs.size() / SECTOR_SIZE, !writable);
        } catch (IOException e) {
            throw new MachineException("cannot open disk image " + path + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path path, long bytes) throws MachineException {
        if (bytes % SECTOR_SIZE != 0) {
            throw new MachineException("cannot create disk image " + path + " of " + bytes + " bytes: the size must be a multiple of " + SECTOR_SIZE);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.allocate(1), bytes - 1); // one byte at the end: the rest is a hole
        } catch (FileAlreadyExistsException e) { // created meanwhile by someone else: open what is there
        } catch (NoSuchFileException e) {
            throw new MachineException("cannot create disk image " + path + ": its directory does not exist", e);
        } catch (IOException e) {
            throw new MachineException("cannot create disk image " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() { return path; }

    /** Capacity in 512-byte sectors. */
    public long sectors() { return sectors; }

    public boolean readOnly() { return readOnly; }

    FileChannel channel() { return channel; }

    /** Flushes (when writable) and closes the image; failures to flush are reported on stderr. */
    @Override
    public void close() {
        try (channel) {
            if (!readOnly && channel.isOpen()) channel.force(true);
        } catch (IOException e) {
            System.err.println("machine: cannot flush or close disk image " + path + ": " + e.getMessage());
        }
    }
}
