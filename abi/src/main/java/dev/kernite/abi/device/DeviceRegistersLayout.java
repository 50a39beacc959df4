package dev.kernite.abi.device;

/**
 * Binary layout of a device's register region: one 4 KiB page shared by the device model (in the kernel process)
 * and its driver. After virtio-mmio (virtio 1.x §4.2.2), adapted to shared memory: the device cannot trap a
 * register write, so the driver writes its registers and then rings the doorbell, and the device answers status
 * writes through an acknowledgement word. All integers are little-endian; words written by different sides, or
 * at different rates, sit on different 64-byte lines.
 *
 * <pre>
 *     0 ┌─ identity (device writes at attach and at every reset) ──────────────────────────────────────┐
 *       │ magic i32 'virt' │ version i32 │ deviceId i32 │ vendorId i32 │ deviceFeatures i64 │          │
 *       │ queueNumMax i32 (every queue) │ configGeneration i32 │ numQueues i32                           │
 *    64 ├─ driver set-up line (driver writes) ────────────────────────────────────────────────────────┤
 *       │ driverFeatures i64 │ status i32 │ statusSeq i32 │ queue 0's block (32 bytes, at 80):       │
 *       │ queueSize i32 │ queueReady i32 │ queueDesc i64 │ queueAvail i64 │ queueUsed i64             │
 *   128 ├─ device state line (device writes) ─────────────────────────────────────────────────────────┤
 *       │ deviceStatus i32 │ statusAck i32 (futex word) │ resetGeneration i32                         │
 *   192 ├─ interruptStatus i32 (device ORs bits in, driver takes them) ───────────────────────────────┤
 *   256 ├─ queueNotify i32 (futex word: the doorbell; driver adds one) ───────────────────────────────┤
 *   320 ├─ deviceSleeping i32 (device writes, only when it falls asleep or wakes) ────────────────────┤
 *   384 ├─ queue blocks of queues 1..MAX_QUEUES-1 (driver writes), 32 bytes each, as queue 0's ──────┤
 *   864 ├─ (zero up to CONFIG_OFFSET) ────────────────────────────────────────────────────────────────┤
 *  1024 ├─ device-specific configuration (device writes; block: BLK_*, network: NetLayout) ──────────┤
 *  4096 └──────────────────────────────────────────────────────────────────────────────────────────────┘
 * </pre>
 *
 * <p><b>Status handshake.</b> The driver writes {@code status} (the bits it asks for: the virtio device status),
 * then adds one to {@code statusSeq} with release order and rings the doorbell. The device reads the sequence
 * with acquire order, acts on the status, publishes the bits it accepted in {@code deviceStatus}, then copies the
 * sequence into {@code statusAck} (release) and wakes the futex on it; the driver waits for
 * {@code statusAck == statusSeq} and then reads {@code deviceStatus}. A refused {@link #FEATURES_OK} is missing
 * from {@code deviceStatus}; {@link #DEVICE_NEEDS_RESET} appears there when the device gave up on a broken queue.
 * <b>Reset</b> is writing status 0: the device stops using the queue, forgets its configuration and the
 * negotiated features, rewrites identity and configuration, adds one to {@code resetGeneration}, and acks.
 *
 * <p><b>Queues.</b> A device has {@code numQueues} queues (block 1, network 2). virtio-mmio selects a queue
 * with a QueueSel register and then reads and writes that queue's registers; a shared page cannot see the
 * selection happen, so here every queue has its own block of registers ({@link #queueBlock}): queue 0's sits
 * where it always did (so a one-queue device and driver are unchanged), queue {@code q ≥ 1}'s at
 * {@code 384 + 32·(q−1)}. The device reads every block at DRIVER_OK and takes each ready queue into use. A
 * device that publishes 0 in {@code numQueues} has one queue.
 *
 * <p><b>Doorbell.</b> After publishing available buffers or a status write the driver adds one to
 * {@code queueNotify}, fences, and makes the futex-wake system call only when {@code deviceSleeping} is set. The
 * device about to sleep reads {@code queueNotify}, sets {@code deviceSleeping}, fences, re-checks for work and
 * sleeps on the value it read (a Dekker pair, as in {@code ChannelLayout}), so no doorbell is lost.
 *
 * <p><b>Trust.</b> The driver maps the whole page read-write. The device never trusts anything it reads here
 * (it keeps its own copies of what it published and validates every driver word before use); the driver
 * trusts the device only as far as its own buffers are concerned (it validates sizes and used entries).
 */
public final class DeviceRegistersLayout {
    private DeviceRegistersLayout() {}

    public static final int MAGIC = 0x74726976; // "virt" read as little-endian bytes, as in virtio-mmio
    /** Version of this register layout (virtio-mmio's 2 is not ours to claim). */
    public static final int VERSION = 1;
    /** The vendor id every Kernite device model reports: "KNRT" read as little-endian bytes. */
    public static final int VENDOR_KERNITE = 0x54524E4B;
    public static final int DEVICE_ID_NET = 1;
    public static final int DEVICE_ID_BLOCK = 2;
    public static final int LINE = 64;
    public static final long SIZE = 4096;

    // identity line (device)
    public static final long MAGIC_OFFSET = 0;
    public static final long VERSION_OFFSET = 4;
    public static final long DEVICE_ID_OFFSET = 8;
    public static final long VENDOR_ID_OFFSET = 12;
    public static final long DEVICE_FEATURES_OFFSET = 16;
    public static final long QUEUE_NUM_MAX_OFFSET = 24;
    /** Changes whenever the configuration area changes; read it before and after reading the area. */
    public static final long CONFIG_GENERATION_OFFSET = 28;
    /** How many queues the device has (0 is read as 1). */
    public static final long NUM_QUEUES_OFFSET = 32;

    // driver set-up line (driver)
    public static final long DRIVER_FEATURES_OFFSET = 64;
    public static final long STATUS_OFFSET = 72;
    public static final long STATUS_SEQ_OFFSET = 76;
    public static final long QUEUE_SIZE_OFFSET = 80;
    public static final long QUEUE_READY_OFFSET = 84;
    public static final long QUEUE_DESC_OFFSET = 88;
    public static final long QUEUE_AVAIL_OFFSET = 96;
    public static final long QUEUE_USED_OFFSET = 104;

    // queue blocks: queue 0's at QUEUE_SIZE_OFFSET, the others from QUEUE_BLOCKS_OFFSET, with the same layout
    /** Most queues a device may have. */
    public static final int MAX_QUEUES = 16;
    public static final long QUEUE_BLOCKS_OFFSET = 384;
    public static final int QUEUE_BLOCK_SIZE = 32;
    /** Offsets inside a queue block. */
    public static final long QB_SIZE = 0, QB_READY = 4, QB_DESC = 8, QB_AVAIL = 16, QB_USED = 24;

    /** Where queue {@code q}'s block of registers starts ({@code 0 ≤ q < MAX_QUEUES}). */
    public static long queueBlock(int q) {
        if (q < 0 || q >= MAX_QUEUES) throw new IllegalArgumentException("queue " + q);
        return q == 0 ? QUEUE_SIZE_OFFSET : QUEUE_BLOCKS_OFFSET + (long) QUEUE_BLOCK_SIZE * (q - 1);
    }

    // device state line (device)
    public static final long DEVICE_STATUS_OFFSET = 128;
    public static final long STATUS_ACK_OFFSET = 132;
    public static final long RESET_GENERATION_OFFSET = 136;

    public static final long INTERRUPT_STATUS_OFFSET = 192;
    public static final long QUEUE_NOTIFY_OFFSET = 256;
    public static final long DEVICE_SLEEPING_OFFSET = 320;

    public static final long CONFIG_OFFSET = 1024;
    public static final long CONFIG_SIZE = SIZE - CONFIG_OFFSET;

    // block device configuration (absolute offsets; the area starts at CONFIG_OFFSET)
    /** Capacity in 512-byte sectors, u64. */
    public static final long BLK_CAPACITY_OFFSET = CONFIG_OFFSET;
    /** Largest single data segment in bytes, u32 (valid with {@code VIRTIO_BLK_F_SIZE_MAX}). */
    public static final long BLK_SIZE_MAX_OFFSET = CONFIG_OFFSET + 8;
    /** Most data segments in one request, u32 (valid with {@code VIRTIO_BLK_F_SEG_MAX}). */
    public static final long BLK_SEG_MAX_OFFSET = CONFIG_OFFSET + 12;
    /** The disk's preferred block size in bytes, u32 (valid with {@code VIRTIO_BLK_F_BLK_SIZE}). */
    public static final long BLK_BLK_SIZE_OFFSET = CONFIG_OFFSET + 16;
    /** 1 when the disk is read-only (mirrors {@code VIRTIO_BLK_F_RO}), u32. */
    public static final long BLK_READ_ONLY_OFFSET = CONFIG_OFFSET + 20;

    // device status bits (virtio 1.x §2.1)
    public static final int ACKNOWLEDGE = 1;
    public static final int DRIVER = 2;
    public static final int DRIVER_OK = 4;
    public static final int FEATURES_OK = 8;
    public static final int DEVICE_NEEDS_RESET = 64;
    public static final int FAILED = 128;

    // interrupt status bits (virtio-mmio InterruptStatus)
    /** The device added buffers to a used ring. */
    public static final int INTERRUPT_USED_BUFFER = 1;
    /** The configuration or the device status changed (DEVICE_NEEDS_RESET, say). */
    public static final int INTERRUPT_CONFIG_CHANGE = 2;

    // transport feature bits (virtio 1.x §6), as masks over the 64-bit feature words
    /** Bit 28: descriptors may point to indirect descriptor tables. */
    public static final long F_INDIRECT_DESC = 1L << 28;
    /** Bit 29: the used_event / avail_event fields suppress notifications. */
    public static final long F_EVENT_IDX = 1L << 29;
    /** Bit 32: the device follows virtio 1.x (little-endian rings, this layout). */
    public static final long F_VERSION_1 = 1L << 32;
}
