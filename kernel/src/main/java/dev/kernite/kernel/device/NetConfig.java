package dev.kernite.kernel.device;

import dev.kernite.abi.device.NetLayout;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The machine's network device, as asked for at boot ({@code ./kernite --net ...}).
 *
 * @param mode        none (no network device), tap (a Linux TAP device) or loop (a loopback plug: every frame
 *                    sent comes back; for tests)
 * @param tapName     the TAP device's name on the host
 * @param address     Kernite's own address, {@code a.b.c.d/n}: handed to the system in the device's configuration
 * @param hostAddress the Linux side's address on the TAP device, {@code a.b.c.d/n}
 * @param impairment  faults the machine adds on the link (none by default)
 * @param mtu         the link's MTU (the device's and, for tap, the TAP device's): 68 to 65,500
 */
public record NetConfig(Mode mode, String tapName, String address, String hostAddress, LinkImpairment impairment, int mtu) {
    public enum Mode { NONE, TAP, LOOP }

    public static final String DEFAULT_TAP = "kernite0";
    public static final String DEFAULT_ADDRESS = "10.77.0.2/24";
    public static final String DEFAULT_HOST_ADDRESS = "10.77.0.1/24";
    /**
     * The link's MTU unless {@code --mtu} says otherwise: the largest, as Linux gives its loopback 64 KiB. The TAP
     * device is a point-to-point link to the host alone, so no Ethernet switch limits its frames, and every frame
     * costs Kernite hand-offs between threads and processes that a 1,500-byte frame pays 44 times as often
     * ({@code ./kernite bench net}: TCP throughput about twice that at 1,500). {@code --mtu 1500} for plain Ethernet.
     */
    public static final int DEFAULT_MTU = NetLayout.MAX_MTU;
    private static final Pattern CIDR = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(3[0-2]|[12]?\\d)");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    public NetConfig {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(impairment);
        if (!IFNAME.matcher(tapName).matches()) throw new IllegalArgumentException("bad TAP name '" + tapName + "' (1 to 15 of A-Z a-z 0-9 _ . -)");
        if (!CIDR.matcher(address).matches()) throw new IllegalArgumentException("bad address '" + address + "' (write e.g. 10.77.0.2/24)");
        if (!CIDR.matcher(hostAddress).matches()) throw new IllegalArgumentException("bad address '" + hostAddress + "' (write e.g. 10.77.0.1/24)");
        if (mtu < NetLayout.MIN_MTU || mtu > NetLayout.MAX_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " outside " + NetLayout.MIN_MTU + ".." + NetLayout.MAX_MTU);
        }
    }

    /** A link without added faults. */
    public NetConfig(Mode mode, String tapName, String address, String hostAddress) {
        this(mode, tapName, address, hostAddress, LinkImpairment.NONE, DEFAULT_MTU);
    }

    public static NetConfig none() { return new NetConfig(Mode.NONE, DEFAULT_TAP, DEFAULT_ADDRESS, DEFAULT_HOST_ADDRESS); }
}
