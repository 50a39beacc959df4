package dev.kernite.shell.net;

import dev.kernite.runtime.net.NetClient;
import dev.kernite.runtime.net.SocketProtocol;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.text.Format;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code ifconfig}: the interface as the netstack server has it — address, MAC, MTU, gateway, DNS — and its
 * counters: frames and bytes each way, per-protocol counts, TCP retransmissions, and drops by reason.
 *
 * <pre>
 *   net0: 10.77.0.2/24  mac 02:4b:4e:00:00:00  mtu 1500  gateway -  dns -  (static)
 *     rx 1021 frames 1.2M   tx 998 frames 880K
 *     ip in 1019 out 998  icmp in 3 out 3  udp in 0 out 0  tcp in 1010 out 990
 *     tcp retransmits 0  fast retransmits 0  timeouts 0  resets in 0 out 1
 *     dropped 4: truncated 2, bad_checksum 2
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Ifconfig implements Command {
    @Override public String name() { return "ifconfig"; }

    @Override public String usage() { return "ifconfig"; }

    @Override public String summary() { return "the network interface: address, MAC, MTU and counters (drops by reason)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        try {
            SocketProtocol.Info i = ctx.net().info();
            Map<String, Long> s = ctx.net().stats();
            ctx.println("net0: " + (i.address() == 0 ? "unconfigured" : NetClient.format(i.address()) + "/" + i.prefix()) + "  mac "
                + NetClient.formatMac(i.mac()) + "  mtu " + i.mtu() + "  gateway " + addr(i.gateway()) + "  dns " + addr(i.dns())
                + "  (" + (i.dhcp() ? "dhcp" : "static") + ")");
            ctx.println("  rx " + get(s, "frames_in") + " frames " + Format.bytes(get(s, "bytes_in")) + "   tx " + get(s, "frames_out") + " frames "
                + Format.bytes(get(s, "bytes_out")));
            ctx.println("  ip in " + get(s, "ip_in") + " out " + get(s, "ip_out") + "  icmp in " + get(s, "icmp_in") + " out " + get(s, "icmp_out")
                + "  udp in " + get(s, "udp_in") + " out " + get(s, "udp_out") + "  tcp in " + get(s, "tcp_in") + " out " + get(s, "tcp_out"));
            ctx.println("  tcp retransmits " + get(s, "tcp_retransmits") + "  fast retransmits " + get(s, "tcp_fast_retransmits") + "  timeouts "
                + get(s, "tcp_timeouts") + "  resets in " + get(s, "tcp_resets_in") + " out " + get(s, "tcp_resets_out"));
            ctx.println("  " + drops(s));
        } catch (IOException e) {
            ctx.error("ifconfig: " + e.getMessage());
        }
        return Outcome.CONTINUE;
    }

    /** {@code dropped N: reason n, ...}, the reasons with a non-zero count. */
    static String drops(Map<String, Long> s) {
        long total = 0;
        StringBuilder why = new StringBuilder();
        for (var e : s.entrySet()) {
            if (!e.getKey().startsWith("drop.") || e.getValue() == 0) continue;
            total += e.getValue();
            why.append(why.isEmpty() ? ": " : ", ").append(e.getKey().substring(5)).append(' ').append(e.getValue());
        }
        return "dropped " + total + why;
    }

    private static String addr(int a) { return a == 0 ? "-" : NetClient.format(a); }

    private static long get(Map<String, Long> s, String name) { return s.getOrDefault(name, 0L); }
}
