package dev.kernite.machine.net;

import dev.kernite.abi.device.DeviceRegistersLayout;
import dev.kernite.abi.device.NetLayout;
import dev.kernite.kernel.device.DeviceBus;
import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.machine.virtio.VirtioDevice;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A virtio-style network device on a {@link NetBackend}: the transport is a {@link VirtioDevice} with two queues
 * (receive, transmit), the frames are moved by {@link NetQueues}. Offers VERSION_1, MAC, MTU and STATUS; no
 * offloads. The configuration also carries the address the machine's owner gave the system
 * ({@link Provisioning}), for the network stack to find.
 *
 * <p>Thread safety: {@link #attach} and {@link #close} once each, in that order (as {@link DeviceModel} says);
 * {@link #stats()} and the accessors from any thread.
 */
public final class NetDevice implements DeviceModel {
    /**
     * The addresses given at boot ({@code --net-addr}, {@code --host-addr}): 4 address bytes and a prefix length
     * each; all zero when none was given.
     */
    public record Provisioning(byte[] address, int prefix, byte[] hostAddress, int hostPrefix) {
        public static final Provisioning NONE = new Provisioning(new byte[4], 0, new byte[4], 0);

        public Provisioning {
            if (address.length != 4 || hostAddress.length != 4 || prefix < 0 || prefix > 32 || hostPrefix < 0 || hostPrefix > 32) {
                throw new IllegalArgumentException("IPv4 addresses are 4 bytes, prefixes 0..32");
            }
            address = address.clone();
            hostAddress = hostAddress.clone();
        }

        /** {@code "10.77.0.2/24"} into bytes and prefix; null for null. */
        public static byte[] parse(String cidr, int[] prefixOut) {
            String[] parts = cidr.split("/");
            String[] octets = parts[0].split("\\.");
            if (parts.length != 2 || octets.length != 4) throw new IllegalArgumentException("not an IPv4 address/prefix: " + cidr);
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(octets[i]);
                if (v < 0 || v > 255) throw new IllegalArgumentException("not an IPv4 address/prefix: " + cidr);
                out[i] = (byte) v;
            }
            prefixOut[0] = Integer.parseInt(parts[1]);
            return out;
        }

        /** From two {@code a.b.c.d/n} strings (either may be null). */
        public static Provisioning of(String address, String hostAddress) {
            int[] p = new int[1], hp = new int[1];
            byte[] a = address == null ? new byte[4] : parse(address, p);
            byte[] h = hostAddress == null ? new byte[4] : parse(hostAddress, hp);
            return new Provisioning(a, p[0], h, hp[0]);
        }

        /** The 16 bytes of the configuration area from {@code NetLayout.IPV4_OFFSET}. */
        byte[] encode() {
            byte[] out = new byte[16];
            System.arraycopy(address, 0, out, 0, 4);
            out[4] = (byte) prefix;
            System.arraycopy(hostAddress, 0, out, 8, 4);
            out[12] = (byte) hostPrefix;
            return out;
        }
    }

    private final String name;
    private final byte[] mac;
    private final NetBackend backend;
    private final NetCounters counters = new NetCounters();
    private final NetQueues queues;
    private volatile VirtioDevice device;
    private boolean closed; // guarded by this

    /**
     * @param mac six bytes; a locally administered unicast address is wise (first byte {@code 0x02})
     */
    public NetDevice(String name, byte[] mac, int mtu, Provisioning provisioning, NetBackend backend) {
        if (mac.length != NetLayout.MAC_BYTES) throw new IllegalArgumentException("a MAC address is 6 bytes");
        if (mtu < NetLayout.MIN_MTU || mtu > NetLayout.MAX_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " outside " + NetLayout.MIN_MTU + ".." + NetLayout.MAX_MTU);
        }
        this.name = Objects.requireNonNull(name);
        this.mac = mac.clone();
        this.backend = Objects.requireNonNull(backend);
        this.queues = new NetQueues(mac, mtu, provisioning.encode(), backend, counters);
    }

    /** Kernite's MAC addresses: locally administered {@code 02:4b:4e:00:00:NN} ("KN"). */
    public static byte[] kerniteMac(int index) {
        return new byte[] {0x02, 0x4b, 0x4e, 0, (byte) (index >> 8), (byte) index};
    }

    @Override
    public String name() { return name; }

    @Override
    public int deviceId() { return DeviceRegistersLayout.DEVICE_ID_NET; }

    @Override
    public long registerBytes() { return DeviceRegistersLayout.SIZE; }

    @Override
    public String describe() {
        return "network, MAC " + HexFormat.ofDelimiter(":").formatHex(mac) + ", " + backend.describe();
    }

    @Override
    public synchronized void attach(DeviceBus bus) {
        if (closed || device != null) throw new IllegalStateException(name + " is already attached or closed");
        VirtioDevice d = VirtioDevice.start(name, bus, queues);
        queues.attached(d);
        device = d;
        backend.start(queues::receive);
    }

    public NetStats stats() {
        VirtioDevice d = device;
        return counters.snapshot(d == null ? new VirtioDevice.Stats(0, 0, 0) : d.stats());
    }

    /** Why the device last asked for a reset (DEVICE_NEEDS_RESET), or null: for diagnostics. */
    public String lastProblem() {
        VirtioDevice d = device;
        return d == null ? null : d.lastProblem();
    }

    /** Stops the backend (a TAP device is removed), then the device thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            backend.close();
        } finally {
            if (device != null) device.close();
        }
    }
}
