package dev.kernite.machine.virtio;

import dev.kernite.abi.device.VirtqLayout;

/**
 * A queue's registers as the driver wrote them: decoded, not yet trusted. {@link #problem} is the check; a
 * queue is only taken into use when it returns null.
 *
 * @param size  number of descriptors
 * @param ready non-zero when the driver enabled the queue
 * @param desc  IOVA of the descriptor table
 * @param avail IOVA of the available ring
 * @param used  IOVA of the used ring
 */
record QueueConfig(int size, int ready, long desc, long avail, long used) {
    /** Why this configuration cannot be used with a device whose queues hold at most {@code maxSize}, or null. */
    String problem(int maxSize) {
        if (!VirtqLayout.isValidSize(size) || size > maxSize) {
            return "queue size " + size + " is not a power of two in [1, " + maxSize + "]";
        }
        if (!aligned(desc, VirtqLayout.DESC_ALIGN)) return "descriptor table IOVA " + hex(desc) + " misaligned";
        if (!aligned(avail, VirtqLayout.AVAIL_ALIGN)) return "available ring IOVA " + hex(avail) + " misaligned";
        if (!aligned(used, VirtqLayout.USED_ALIGN)) return "used ring IOVA " + hex(used) + " misaligned";
        return null;
    }

    private static boolean aligned(long iova, int alignment) {
        return iova >= 0 && iova % alignment == 0;
    }

    static String hex(long v) { return "0x" + Long.toHexString(v); }
}
