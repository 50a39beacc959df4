package dev.kernite.abi;

/**
 * Binary layout of a channel: one shared-memory segment (a sealed memfd) mapped by exactly two processes, the
 * client and the server, plus the kernel. All integers are little-endian; every line is 64 bytes so that fields
 * written by different sides never share a cache line.
 *
 * <pre>
 *      0 ┌─ header (written by the kernel at creation; state also by either side or the kernel) ─────────┐
 *        │ magic i32 'KNCH' │ version i32 │ state i32 │ closedBy i32 │ slotSize i32 │ reqSlots i32 │ repSlots i32 │
 *     64 ├─ request producer line (client writes) ─────────────────────────────────────────────────────┤
 *        │ reqTail i64                                                                                  │
 *    128 ├─ request consumer line (server writes) ─────────────────────────────────────────────────────┤
 *        │ reqHead i64                                                                                  │
 *    192 ├─ reply producer line (server writes) ───────────────────────────────────────────────────────┤
 *        │ repTail i64                                                                                  │
 *    256 ├─ reply consumer line (client writes) ───────────────────────────────────────────────────────┤
 *        │ repHead i64                                                                                  │
 *    320 ├─ serverSleeping i32 (server writes, only when it falls asleep or wakes) ────────────────────┤
 *    384 ├─ replyWaiter i32    (client writes, only when it falls asleep or wakes) ────────────────────┤
 *    448 ├─ spaceWaiter i32    (client writes, only when it falls asleep or wakes) ────────────────────┤
 *    512 ├─ (zero up to SLOTS_OFFSET) ─────────────────────────────────────────────────────────────────┤
 *   4096 ├─ request slots: reqSlots × slotSize ──────────────────────────────────────────────────────────┤
 *        ├─ reply slots:   repSlots × slotSize ──────────────────────────────────────────────────────────┤
 *        └──────────────────────────────────────────────────────────────────────────────────────────────┘
 *
 *   slot:  0 length i32 │ 4 label i32 │ 8 kind i32 │ 12 callId i32 │ 16 payload (≤ slotSize − 16 bytes)
 * </pre>
 *
 * <p>Rings are single-producer single-consumer. Head and tail are 64-bit message counts that only grow;
 * a slot index is {@code count & (slots − 1)}. A futex word is the low 32 bits of a count (little-endian, so it
 * is at the count's own address): a waiter sleeps on the count it saw, a producer wakes it after moving it.
 * Wait flags (spaceWaiter, serverSleeping, replyWaiter) are set by the side about to sleep and read by the other
 * side after it publishes, with a full fence on both sides (a Dekker pair), so a wake-up is never lost. Each
 * flag has a line of its own that changes only when a side sleeps: the producer's check after every publish then
 * reads a line that is already in its cache, instead of pulling over the consumer's busy counter line.
 *
 * <p>Nothing here is trusted by the reader: a count that moves backwards or runs more than a ring ahead, a
 * length outside [0, maxPayload], an unknown kind or a state outside {@link #STATE_OPEN} closes the channel
 * with {@link Status#PROTOCOL_ERROR} on the honest side.
 */
public final class ChannelLayout {
    private ChannelLayout() {}

    public static final int MAGIC = 0x48434E4B; // "KNCH" read as little-endian bytes
    public static final int VERSION = 1;
    public static final int LINE = 64;

    // header
    public static final long MAGIC_OFFSET = 0;
    public static final long VERSION_OFFSET = 4;
    /** {@link #STATE_OPEN}, or the {@link Status} code the channel was closed with. */
    public static final long STATE_OFFSET = 8;
    /** Who closed it: {@link #BY_CLIENT}, {@link #BY_SERVER} or {@link #BY_KERNEL}. */
    public static final long CLOSED_BY_OFFSET = 12;
    public static final long SLOT_SIZE_OFFSET = 16;
    public static final long REQ_SLOTS_OFFSET = 20;
    public static final long REP_SLOTS_OFFSET = 24;

    // request ring control
    public static final long REQ_TAIL_OFFSET = 64;
    public static final long SPACE_WAITER_OFFSET = 448;
    public static final long REQ_HEAD_OFFSET = 128;
    public static final long SERVER_SLEEPING_OFFSET = 320;
    // reply ring control
    public static final long REP_TAIL_OFFSET = 192;
    public static final long REP_HEAD_OFFSET = 256;
    public static final long REPLY_WAITER_OFFSET = 384;

    public static final long SLOTS_OFFSET = 4096;

    // slot
    public static final long SLOT_LENGTH = 0;
    public static final long SLOT_LABEL = 4;
    public static final long SLOT_KIND = 8;
    public static final long SLOT_CALL_ID = 12;
    public static final int SLOT_HEADER = 16;

    public static final int KIND_CALL = 1;
    public static final int KIND_SEND = 2;
    public static final int KIND_REPLY = 3;

    public static final int STATE_OPEN = 0;
    public static final int BY_CLIENT = 1;
    public static final int BY_SERVER = 2;
    public static final int BY_KERNEL = 3;

    /** Default geometry: 2 KiB slots (2032 bytes of inline payload), 64 request slots, 4 reply slots. */
    public static final int DEFAULT_SLOT_SIZE = 2048;
    public static final int DEFAULT_REQ_SLOTS = 64;
    public static final int DEFAULT_REP_SLOTS = 4;

    /** Largest inline payload for a slot size. */
    public static int maxPayload(int slotSize) {
        return slotSize - SLOT_HEADER;
    }

    public static long requestSlotOffset(int slotSize, int reqSlots, long count) {
        return SLOTS_OFFSET + (count & (reqSlots - 1)) * (long) slotSize;
    }

    public static long replySlotOffset(int slotSize, int reqSlots, int repSlots, long count) {
        return SLOTS_OFFSET + (long) reqSlots * slotSize + (count & (repSlots - 1)) * (long) slotSize;
    }

    /** Total segment size for a geometry. */
    public static long segmentSize(int slotSize, int reqSlots, int repSlots) {
        return SLOTS_OFFSET + (long) (reqSlots + repSlots) * slotSize;
    }

    /**
     * True when a geometry is one the runtime accepts: slot size a multiple of 64 in [128, 65536], slot counts
     * powers of two in [1, 4096].
     */
    public static boolean isValidGeometry(int slotSize, int reqSlots, int repSlots) {
        return slotSize >= 128 && slotSize <= 65536 && slotSize % LINE == 0
            && isPow2InRange(reqSlots) && isPow2InRange(repSlots);
    }

    private static boolean isPow2InRange(int n) {
        return n >= 1 && n <= 4096 && Integer.bitCount(n) == 1;
    }
}
