package dev.kernite.net;

import dev.kernite.netstack.NetResult;
import dev.kernite.netstack.NetStack;
import dev.kernite.netstack.dhcp.DhcpClient;
import dev.kernite.netstack.udp.Datagram;
import dev.kernite.netstack.wire.Ip4;
import java.util.SplittableRandom;

/**
 * DHCP for the server ({@code args = dhcp}): the engine's {@link DhcpClient} on UDP port 68; each lease
 * reconfigures the interface and names the DNS server.
 *
 * <p>Thread safety: not thread-safe; the server's loop thread owns it.
 */
final class Dhcp {
    private final NetStack stack;
    private final Resolver resolver;
    private final DhcpClient client;
    private int socket;

    Dhcp(NetStack stack, Resolver resolver) {
        this.stack = stack;
        this.resolver = resolver;
        this.client = new DhcpClient(stack.config().mac(), new DhcpClient.Transport() {
            @Override
            public void broadcast(byte[] message) { stack.udpSendTo(socket, Ip4.BROADCAST, 67, message, 0, message.length); }

            @Override
            public void unicast(int server, byte[] message) { stack.udpSendTo(socket, server, 67, message, 0, message.length); }
        }, new SplittableRandom(System.nanoTime()), this::leased);
    }

    void start() {
        NetResult r = stack.udpBind(68);
        if (!r.isOk()) {
            System.err.println("net: DHCP: port 68: " + r);
            return;
        }
        socket = r.value();
        client.start(System.nanoTime() / 1_000_000);
    }

    /** Feeds what arrived on port 68 and runs the client's timers. */
    void turn() {
        if (socket == 0) return;
        long now = System.nanoTime() / 1_000_000;
        for (Datagram d = stack.udpReceive(socket); d != null; d = stack.udpReceive(socket)) client.receive(d.data(), d.data().length, now);
        if (now >= client.nextDeadline()) client.tick(now);
    }

    private void leased(DhcpClient.Lease lease) {
        if (lease == null) {
            System.err.println("net: DHCP lease lost");
            stack.reconfigure(stack.config().withAddress(0, 0, 0));
            return;
        }
        stack.reconfigure(stack.config().withAddress(lease.address(), lease.prefixLength(), lease.gateway()));
        if (!lease.dns().isEmpty()) resolver.setDnsServer(lease.dns().getFirst());
        System.err.println("net: DHCP lease " + Ip4.format(lease.address()) + "/" + lease.prefixLength() + " for " + lease.seconds() + " s");
    }
}
