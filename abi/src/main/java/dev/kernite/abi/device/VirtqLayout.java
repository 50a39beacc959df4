package dev.kernite.abi.device;

/**
 * Binary layout of a split virtqueue (virtio 1.x §2.7): three parts in memory the driver owns and maps for the
 * device, each at an IOVA the driver chooses and announces in the queue registers
 * ({@link DeviceRegistersLayout#QUEUE_DESC_OFFSET} and the two after it). All fields are little-endian; the
 * queue size {@code n} is a power of two, at most {@link #MAX_SIZE}.
 *
 * <pre>
 *  descriptor table (16-aligned, 16·n bytes; driver writes, device reads)
 *     0 ┌ addr u64 (IOVA) │ len u32 │ flags u16 (NEXT=1 WRITE=2 INDIRECT=4) │ next u16 ┐  × n
 *
 *  available ring (2-aligned, 6 + 2·n bytes; driver writes, device reads)
 *     0 ┌ flags u16 (NO_INTERRUPT=1) │ idx u16 │ ring[n] u16 (head descriptor ids) │ used_event u16 ┐
 *
 *  used ring (4-aligned, 6 + 8·n bytes; device writes, driver reads)
 *     0 ┌ flags u16 (NO_NOTIFY=1) │ idx u16 │ ring[n] { id u32 │ len u32 } │ avail_event u16 ┐
 * </pre>
 *
 * <p>Indices {@code idx} are free-running 16-bit counters; entry {@code i} sits at {@code ring[i mod n]}. A
 * producer writes entries, then its {@code idx} with release order; the consumer reads {@code idx} with acquire
 * order before the entries. {@code used.len} is the number of bytes the device wrote into the chain's
 * device-writable buffers. A chain lists its device-readable buffers before its device-writable ones.
 *
 * <p>Trust: the device reads the first two parts from memory the driver may change at any moment; it reads
 * each field once and checks it (ids below {@code n}, chains no longer than {@code n}, {@code avail.idx} at
 * most {@code n} ahead). The driver checks every used entry (id in range and in flight, len within the chain).
 *
 * <p>{@link #ringBytes} gives the contiguous arrangement the Kernite runtime uses (descriptor table, available
 * ring, used ring on the next 64-byte line); any arrangement meeting the alignments is valid.
 */
public final class VirtqLayout {
    private VirtqLayout() {}

    /** Largest queue size Kernite devices accept (virtio allows 32768). */
    public static final int MAX_SIZE = 1024;

    // descriptor
    public static final int DESC_SIZE = 16;
    public static final int DESC_ALIGN = 16;
    public static final long DESC_ADDR = 0;
    public static final long DESC_LEN = 8;
    public static final long DESC_FLAGS = 12;
    public static final long DESC_NEXT = 14;
    /** The chain continues at {@code next}. */
    public static final int DESC_F_NEXT = 1;
    /** The buffer is device-writable (otherwise device-readable). */
    public static final int DESC_F_WRITE = 2;
    /** The buffer holds a table of descriptors (only with {@link DeviceRegistersLayout#F_INDIRECT_DESC}). */
    public static final int DESC_F_INDIRECT = 4;

    // available ring
    public static final int AVAIL_ALIGN = 2;
    public static final long AVAIL_FLAGS = 0;
    public static final long AVAIL_IDX = 2;
    public static final long AVAIL_RING = 4;
    /** The driver does not want an interrupt when buffers are used. */
    public static final int AVAIL_F_NO_INTERRUPT = 1;

    // used ring
    public static final int USED_ALIGN = 4;
    public static final long USED_FLAGS = 0;
    public static final long USED_IDX = 2;
    public static final long USED_RING = 4;
    public static final int USED_ELEM_SIZE = 8;
    public static final long USED_ELEM_ID = 0;
    public static final long USED_ELEM_LEN = 4;
    /** The device does not want a doorbell when buffers are made available. */
    public static final int USED_F_NO_NOTIFY = 1;

    /** True for a queue size this layout allows: a power of two in [1, {@link #MAX_SIZE}]. */
    public static boolean isValidSize(int n) {
        return n >= 1 && n <= MAX_SIZE && Integer.bitCount(n) == 1;
    }

    public static long descTableBytes(int n) { return (long) DESC_SIZE * n; }

    public static long descOffset(int index) { return (long) DESC_SIZE * index; }

    public static long availBytes(int n) { return 6 + 2L * n; }

    /** Offset of {@code ring[slot]} in the available ring. */
    public static long availEntry(int slot) { return AVAIL_RING + 2L * slot; }

    public static long usedEvent(int n) { return AVAIL_RING + 2L * n; }

    public static long usedBytes(int n) { return 6 + (long) USED_ELEM_SIZE * n; }

    /** Offset of {@code ring[slot]} in the used ring. */
    public static long usedEntry(int slot) { return USED_RING + (long) USED_ELEM_SIZE * slot; }

    public static long availEvent(int n) { return USED_RING + (long) USED_ELEM_SIZE * n; }

    /** Offset of the available ring in the contiguous arrangement. */
    public static long availOffset(int n) { return descTableBytes(n); }

    /** Offset of the used ring in the contiguous arrangement: the first 64-byte line after the available ring. */
    public static long usedOffset(int n) { return alignUp(availOffset(n) + availBytes(n), 64); }

    /** Bytes of the contiguous arrangement. */
    public static long ringBytes(int n) { return usedOffset(n) + usedBytes(n); }

    private static long alignUp(long v, long a) { return (v + a - 1) & -a; }
}
