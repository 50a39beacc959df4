package dev.kernite.runtime.device;

/**
 * A network device's configuration, as read from its register page ({@code NetLayout}). The device wrote it; the
 * driver checks values before it sizes anything by them.
 *
 * @param mac          six bytes (meaningful with {@code F_MAC})
 * @param linkUp       the link status (meaningful with {@code F_STATUS}; else assume up)
 * @param mtu          the largest IP packet (meaningful with {@code F_MTU})
 * @param address      the system's IPv4 address as provisioned at boot (4 bytes; 0.0.0.0 for none)
 * @param prefix       its prefix length
 * @param hostAddress  the host side's address on the link (4 bytes; 0.0.0.0 for none)
 * @param hostPrefix   its prefix length
 */
public record NetDeviceConfig(byte[] mac, boolean linkUp, int mtu, byte[] address, int prefix, byte[] hostAddress, int hostPrefix) {
    public NetDeviceConfig {
        mac = mac.clone();
        address = address.clone();
        hostAddress = hostAddress.clone();
    }

    @Override
    public byte[] mac() { return mac.clone(); }

    @Override
    public byte[] address() { return address.clone(); }

    @Override
    public byte[] hostAddress() { return hostAddress.clone(); }
}
