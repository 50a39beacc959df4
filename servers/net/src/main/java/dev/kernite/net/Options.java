package dev.kernite.net;

import dev.kernite.netstack.NetConfig;
import dev.kernite.netstack.wire.Ip4;
import dev.kernite.runtime.net.NicProtocol;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's manifest arguments ({@code key=value} words, or a bare {@code key}) and the interface configuration
 * they give, with what the NIC driver reports (MAC, MTU, the address the machine provisioned) filling the gaps.
 *
 * <p>Thread safety: stateless.
 */
final class Options {
    static final String DEFAULT_ADDRESS = "10.77.0.2/24";

    private Options() {}

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) m.put(a, "");
            else m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return m;
    }

    /** Address/prefix from {@code addr=}, else the machine's provisioning, else {@link #DEFAULT_ADDRESS}; DHCP starts unconfigured. */
    static NetConfig config(Map<String, String> opt, NicProtocol.Info info) {
        long mac = 0;
        for (byte b : info.mac()) mac = mac << 8 | (b & 0xFF);
        int mtu = Math.max(NetConfig.MIN_MTU, Math.min(NetConfig.MAX_MTU, info.mtu()));
        if (opt.containsKey("dhcp")) return new NetConfig(mac, 0, 0, 0, mtu);
        String cidr = opt.get("addr");
        int provisioned = Ip4.of(info.address()[0] & 0xFF, info.address()[1] & 0xFF, info.address()[2] & 0xFF, info.address()[3] & 0xFF);
        if (cidr == null) cidr = provisioned != 0 ? Ip4.format(provisioned) + "/" + info.prefix() : DEFAULT_ADDRESS;
        int slash = cidr.indexOf('/');
        int address = Ip4.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        int prefix = slash < 0 ? 24 : Integer.parseInt(cidr.substring(slash + 1));
        return new NetConfig(mac, address, prefix, address(opt, "gateway"), mtu);
    }

    /** An address argument, or 0. */
    static int address(Map<String, String> opt, String key) {
        String v = opt.get(key);
        return v == null || v.isEmpty() ? 0 : Ip4.parse(v);
    }

    /** {@code hosts=NAME:A.B.C.D,...}. */
    static Map<String, Integer> hosts(Map<String, String> opt) {
        Map<String, Integer> hosts = new HashMap<>();
        String v = opt.getOrDefault("hosts", "");
        for (String entry : v.split(",")) {
            int colon = entry.indexOf(':');
            if (colon > 0) hosts.put(entry.substring(0, colon).toLowerCase(java.util.Locale.ROOT), Ip4.parse(entry.substring(colon + 1)));
        }
        return hosts;
    }
}
