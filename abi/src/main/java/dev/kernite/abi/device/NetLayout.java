package dev.kernite.abi.device;

import static dev.kernite.abi.device.DeviceRegistersLayout.CONFIG_OFFSET;

/**
 * The network device (virtio-net, virtio 1.x §5.1, no offloads): its queues, feature bits, configuration area
 * and the header that precedes every frame on both queues. Integers little-endian.
 *
 * <pre>
 *  queues: 0 = receiveq (driver posts device-writable chains; the device fills one per frame)
 *          1 = transmitq (driver posts device-readable chains: header then frame; used length 0)
 *
 *  configuration (absolute offsets in the register page)
 *  1024 ┌ mac u8[6] │ status u16 (LINK_UP=1) │ max_virtqueue_pairs u16 (1) │ mtu u16 ┐   ← as virtio_net_config
 *  1036 │ (zero)                                                                       │
 *  1040 │ ipv4 u8[4] │ prefix u8 │ (3 zero) │ hostIpv4 u8[4] │ hostPrefix u8 │ (3 zero) ┐  Kernite's provisioning
 *  1056 └──────────────────────────────────────────────────────────────────────────────┘  hint (0.0.0.0/0: none)
 *
 *  header (12 bytes before every frame, virtio_net_hdr of virtio 1.x)
 *     0 ┌ flags u8 │ gso_type u8 │ hdr_len u16 │ gso_size u16 │ csum_start u16 │ csum_offset u16 │ num_buffers u16 ┐
 * </pre>
 *
 * <p>With no offloads negotiated every header field is 0 except {@code num_buffers}, which the device sets to 1
 * on every received frame. A receive chain must hold the header and a whole frame ({@link #HEADER_SIZE} +
 * {@link #maxFrame}); a transmit chain holds the header and one frame of at least {@link #ETH_HEADER} bytes.
 *
 * <p>The provisioning hint is not virtio's: it is where the machine's owner ({@code ./kernite --net-addr}) tells
 * the system its address, as a firmware table would; the device does nothing with it.
 *
 * <p>Thread safety: constants only.
 */
public final class NetLayout {
    private NetLayout() {}

    public static final int RX_QUEUE = 0;
    public static final int TX_QUEUE = 1;
    public static final int NUM_QUEUES = 2;

    // feature bits (virtio 1.x §5.1.3), as masks
    /** Bit 3: the configuration's {@code mtu} is valid. */
    public static final long F_MTU = 1L << 3;
    /** Bit 5: the configuration's {@code mac} is valid. */
    public static final long F_MAC = 1L << 5;
    /** Bit 16: the configuration's {@code status} is valid. */
    public static final long F_STATUS = 1L << 16;

    public static final long MAC_OFFSET = CONFIG_OFFSET;
    public static final long STATUS_OFFSET = CONFIG_OFFSET + 6;
    public static final long MAX_PAIRS_OFFSET = CONFIG_OFFSET + 8;
    public static final long MTU_OFFSET = CONFIG_OFFSET + 10;
    public static final long IPV4_OFFSET = CONFIG_OFFSET + 16;
    public static final long PREFIX_OFFSET = CONFIG_OFFSET + 20;
    public static final long HOST_IPV4_OFFSET = CONFIG_OFFSET + 24;
    public static final long HOST_PREFIX_OFFSET = CONFIG_OFFSET + 28;
    public static final int MAC_BYTES = 6;
    /** {@code status}: the link is up. */
    public static final int S_LINK_UP = 1;

    // the per-frame header
    public static final int HEADER_SIZE = 12;
    public static final long HDR_FLAGS = 0;
    public static final long HDR_GSO_TYPE = 1;
    public static final long HDR_NUM_BUFFERS = 10;

    /** Destination, source, EtherType. */
    public static final int ETH_HEADER = 14;
    /** Room for one 802.1Q tag on top of {@link #ETH_HEADER}. */
    public static final int VLAN_TAG = 4;
    public static final int DEFAULT_MTU = 1500;
    /** The smallest MTU an IPv4 link may have (RFC 791). */
    public static final int MIN_MTU = 68;
    /**
     * The largest MTU: an IPv4 packet's length field stops at 65,535, and a whole frame with its header must fit
     * a 64 KiB buffer ({@code HEADER_SIZE + maxFrame(MAX_MTU) <= 65536}).
     */
    public static final int MAX_MTU = 65_500;

    /** The largest frame (without the virtio header) a device with this MTU sends or receives. */
    public static int maxFrame(int mtu) { return mtu + ETH_HEADER + VLAN_TAG; }
}
