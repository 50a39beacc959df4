package dev.kernite.abi.device;

/**
 * Binary layout of a block request (virtio-blk, virtio 1.x §5.2.6): one descriptor chain per request. The
 * device reads the chain's device-readable buffers as one byte stream and its device-writable buffers as
 * another, however the driver split them into descriptors.
 *
 * <pre>
 *  device-readable:  0 ┌ type u32 │ reserved u32 │ sector u64 ┐ 16 ┌ data (OUT only) ┐
 *  device-writable:    ┌ data (IN, GET_ID) ┐ ┌ status u8 ┐   (status is the chain's very last byte)
 * </pre>
 *
 * <p>IN and OUT data is a whole number of 512-byte sectors, starting at {@code sector}; GET_ID writes up to
 * {@link #ID_BYTES} bytes of the device's serial (NUL-padded when shorter). The used length of a completed
 * request counts the data bytes the device wrote plus the status byte. Little-endian throughout.
 */
public final class BlkRequestLayout {
    private BlkRequestLayout() {}

    public static final int HEADER_SIZE = 16;
    public static final long TYPE_OFFSET = 0;
    public static final long RESERVED_OFFSET = 4;
    public static final long SECTOR_OFFSET = 8;
    public static final int STATUS_SIZE = 1;

    public static final int SECTOR_SIZE = 512;
    /** Bytes of a device id (GET_ID). */
    public static final int ID_BYTES = 20;

    // request types
    public static final int T_IN = 0;
    public static final int T_OUT = 1;
    public static final int T_FLUSH = 4;
    public static final int T_GET_ID = 8;

    // status values
    public static final int S_OK = 0;
    public static final int S_IOERR = 1;
    public static final int S_UNSUPP = 2;

    // block feature bits, as masks (VERSION_1 and the other transport bits are in DeviceRegistersLayout)
    /** Bit 1: {@link DeviceRegistersLayout#BLK_SIZE_MAX_OFFSET} is valid. */
    public static final long F_SIZE_MAX = 1L << 1;
    /** Bit 2: {@link DeviceRegistersLayout#BLK_SEG_MAX_OFFSET} is valid. */
    public static final long F_SEG_MAX = 1L << 2;
    /** Bit 5: the disk is read-only; OUT requests fail with {@link #S_IOERR}. */
    public static final long F_RO = 1L << 5;
    /** Bit 6: {@link DeviceRegistersLayout#BLK_BLK_SIZE_OFFSET} is valid. */
    public static final long F_BLK_SIZE = 1L << 6;
    /** Bit 9: the device has a write cache and carries out FLUSH. */
    public static final long F_FLUSH = 1L << 9;
}
