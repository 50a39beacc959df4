package dev.kernite.runtime.device;

/**
 * A block device's configuration, as read from its register page. The device wrote it, so the driver still
 * checks values before it sizes anything by them.
 *
 * @param capacitySectors capacity in 512-byte sectors
 * @param sizeMax         largest data buffer in bytes (meaningful with {@code F_SIZE_MAX})
 * @param segMax          most data buffers in one request (meaningful with {@code F_SEG_MAX})
 * @param blkSize         preferred block size in bytes (meaningful with {@code F_BLK_SIZE})
 * @param readOnly        the disk refuses writes
 */
public record BlockConfig(long capacitySectors, int sizeMax, int segMax, int blkSize, boolean readOnly) {}
