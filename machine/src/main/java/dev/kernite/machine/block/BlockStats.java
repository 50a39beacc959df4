package dev.kernite.machine.block;

/**
 * What a block device has done since it was attached: a snapshot, for the kernel and the shell to show.
 *
 * @param in             reads (bytes: read from the disk into the driver's buffers)
 * @param out            writes (bytes: written to the disk)
 * @param flush          flushes
 * @param getId          device-id requests
 * @param unsupported    requests of a type the device does not know (answered UNSUPP)
 * @param malformed      requests that broke the rules before their type counted: bad chains, buffers the IOMMU
 *                       refused, a short header, or no reachable status byte
 * @param resets         resets the driver asked for
 * @param queueFaults    times the device gave up on a broken queue (DEVICE_NEEDS_RESET)
 * @param internalErrors bugs caught on the device thread; should be 0
 */
public record BlockStats(Counter in, Counter out, Counter flush, Counter getId, Counter unsupported, long malformed,
                         long resets, long queueFaults, long internalErrors) {
    /**
     * Counts for one request type.
     *
     * @param requests requests of this type
     * @param bytes    data bytes moved by the ones that succeeded
     * @param errors   requests that did not end OK
     */
    public record Counter(long requests, long bytes, long errors) {}
}
