package dev.kernite.machine.block;

import static dev.kernite.abi.device.BlkRequestLayout.*;
import static dev.kernite.abi.device.DeviceRegistersLayout.*;

import dev.kernite.machine.virtio.Chain;
import dev.kernite.machine.virtio.QueueLimits;
import dev.kernite.machine.virtio.Segments;
import dev.kernite.machine.virtio.VirtioBackend;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * The block device's requests (virtio-blk, {@link dev.kernite.abi.device.BlkRequestLayout}) carried out on a
 * disk image. Data moves between the driver's buffers (IOMMU windows) and the image file directly, with no copy in
 * between. Every failure the driver can cause ends as a status: IOERR for a bad chain, a buffer the IOMMU refused,
 * a range past the end of the disk, a length that is not whole sectors, a write to a read-only disk, or memory
 * that vanished mid-request; UNSUPP for an unknown type. A request whose status byte cannot be reached completes
 * with used length 0.
 *
 * <p>Thread safety: used by the device thread only; the counters may be read from any thread.
 */
final class BlockBackend implements VirtioBackend {
    static final int QUEUE_MAX = 256;
    /** Most data buffers per request (SEG_MAX); a chain adds a header and a status buffer. */
    static final int SEG_MAX = 128;
    /** Largest buffer (SIZE_MAX). */
    static final int SIZE_MAX = 1 << 20;
    static final int BLK_SIZE = SECTOR_SIZE;
    private static final QueueLimits LIMITS = new QueueLimits(QUEUE_MAX, SEG_MAX + 2, SIZE_MAX);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * A request's result.
     *
     * @param written data bytes written into the driver's buffers (the used length is one more, for the status)
     * @param moved   data bytes moved between the driver and the disk, for the statistics
     */
    private record Outcome(int status, long written, long moved) {
        static final Outcome IOERR = new Outcome(S_IOERR, 0, 0);
        static final Outcome UNSUPP = new Outcome(S_UNSUPP, 0, 0);
        static final Outcome OK = new Outcome(S_OK, 0, 0);
    }

    private final FileChannel disk;
    private final long capacitySectors;
    private final boolean readOnly;
    private final byte[] id;
    private final BlockCounters counters;

    BlockBackend(FileChannel disk, long capacitySectors, boolean readOnly, byte[] id, BlockCounters counters) {
        this.disk = disk;
        this.capacitySectors = capacitySectors;
        this.readOnly = readOnly;
        this.id = id.clone();
        this.counters = counters;
    }

    @Override
    public int deviceId() { return DEVICE_ID_BLOCK; }

    @Override
    public long features() {
        return F_VERSION_1 | F_FLUSH | F_BLK_SIZE | F_SEG_MAX | F_SIZE_MAX | (readOnly ? F_RO : 0);
    }

    @Override
    public QueueLimits limits() { return LIMITS; }

    @Override
    public void writeConfig(MemorySegment registers) {
        registers.set(U64, BLK_CAPACITY_OFFSET, capacitySectors);
        registers.set(U32, BLK_SIZE_MAX_OFFSET, SIZE_MAX);
        registers.set(U32, BLK_SEG_MAX_OFFSET, SEG_MAX);
        registers.set(U32, BLK_BLK_SIZE_OFFSET, BLK_SIZE);
        registers.set(U32, BLK_READ_ONLY_OFFSET, readOnly ? 1 : 0);
    }

    @Override
    public int handle(Chain request) {
        MemorySegment status = request.statusByte();
        if (status == null) {
            counters.malformed();
            return 0;
        }
        Outcome o = execute(request);
        try {
            status.set(ValueLayout.JAVA_BYTE, 0, (byte) o.status());
        } catch (IllegalStateException e) { // the status buffer vanished: nothing was reported
            return 0;
        }
        return (int) o.written() + STATUS_SIZE;
    }

    private Outcome execute(Chain request) {
        List<MemorySegment> readable = request.readable();
        List<MemorySegment> writable = request.writable();
        if (readable == null || writable == null || Segments.total(readable) < HEADER_SIZE) return malformed();
        byte[] header = new byte[HEADER_SIZE];
        try {
            Segments.copyOut(readable, header);
        } catch (IllegalStateException e) { // the header's memory vanished
            return malformed();
        }
        MemorySegment h = MemorySegment.ofArray(header);
        int type = h.get(U32, TYPE_OFFSET);
        Outcome o = perform(type, h.get(U64, SECTOR_OFFSET), Segments.skip(readable, HEADER_SIZE), writable);
        counters.record(type, o.status(), o.moved());
        return o;
    }

    private Outcome malformed() {
        counters.malformed();
        return Outcome.IOERR;
    }

    private Outcome perform(int type, long sector, List<MemorySegment> payload, List<MemorySegment> writable) {
        try {
            return switch (type) {
                case T_IN -> read(sector, writable);
                case T_OUT -> write(sector, payload);
                case T_FLUSH -> flush();
                case T_GET_ID -> new Outcome(S_OK, Segments.copyIn(id, writable), 0);
                default -> Outcome.UNSUPP;
            };
        } catch (IOException | IllegalStateException | IndexOutOfBoundsException e) {
            return Outcome.IOERR;
        }
    }

    private Outcome read(long sector, List<MemorySegment> into) throws IOException {
        long bytes = Segments.total(into);
        if (!inRange(sector, bytes)) return Outcome.IOERR;
        long position = sector * SECTOR_SIZE;
        for (MemorySegment s : into) {
            ByteBuffer b = s.asByteBuffer();
            while (b.hasRemaining()) {
                if (disk.read(b, position + b.position()) < 0) return Outcome.IOERR; // the image shrank under us
            }
            position += s.byteSize();
        }
        return new Outcome(S_OK, bytes, bytes);
    }

    private Outcome write(long sector, List<MemorySegment> from) throws IOException {
        long bytes = Segments.total(from);
        if (readOnly || !inRange(sector, bytes)) return Outcome.IOERR;
        long position = sector * SECTOR_SIZE;
        for (MemorySegment s : from) {
            ByteBuffer b = s.asByteBuffer();
            while (b.hasRemaining()) disk.write(b, position + b.position());
            position += s.byteSize();
        }
        return new Outcome(S_OK, 0, bytes);
    }

    private Outcome flush() throws IOException {
        if (!readOnly) disk.force(false);
        return Outcome.OK;
    }

    /** Whole sectors, at least one, all inside the disk ({@code sector} is unsigned on the wire). */
    private boolean inRange(long sector, long bytes) {
        return bytes > 0 && bytes % SECTOR_SIZE == 0 && sector >= 0 && sector <= capacitySectors
            && bytes / SECTOR_SIZE <= capacitySectors - sector;
    }
}
