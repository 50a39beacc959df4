package dev.kernite.netstack.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kernite.netstack.Clock;
import dev.kernite.netstack.NetConfig;
import dev.kernite.netstack.NetLimits;
import dev.kernite.netstack.NetStack;
import dev.kernite.netstack.udp.Datagram;
import dev.kernite.netstack.wire.Ip4;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The DHCP client on an unconfigured engine against a small DHCP server on another engine. */
class DhcpTest {
    private static final long SERVER_MAC = 0x02_00_00_00_00_01L;
    private static final long CLIENT_MAC = 0x02_00_00_00_00_42L;
    private static final int SERVER_IP = Ip4.of(192, 168, 7, 1);
    private static final int OFFERED = Ip4.of(192, 168, 7, 50);

    private long now = 1_000_000;
    private final ArrayDeque<byte[]> toServer = new ArrayDeque<>();
    private final ArrayDeque<byte[]> toClient = new ArrayDeque<>();
    private final Clock clock = () -> now;
    private final NetStack server = new NetStack(new NetConfig(SERVER_MAC, SERVER_IP, 24, SERVER_IP, 1500), NetLimits.defaults(), toClient::add, clock, dev.kernite.netstack.NetEvents.NONE, 1);
    private final NetStack client = new NetStack(NetConfig.unconfigured(CLIENT_MAC), NetLimits.defaults(), toServer::add, clock, dev.kernite.netstack.NetEvents.NONE, 2);
    private final List<DhcpClient.Lease> leases = new ArrayList<>();
    private final int serverSocket = server.udpBind(DhcpLayout.SERVER_PORT).value();
    private final int clientSocket = client.udpBind(DhcpLayout.CLIENT_PORT).value();
    private boolean nak;
    private int requests;
    private final DhcpClient dhcp = new DhcpClient(CLIENT_MAC, new DhcpClient.Transport() {
        @Override
        public void broadcast(byte[] m) { client.udpSendTo(clientSocket, Ip4.BROADCAST, DhcpLayout.SERVER_PORT, m, 0, m.length); }

        @Override
        public void unicast(int to, byte[] m) { client.udpSendTo(clientSocket, to, DhcpLayout.SERVER_PORT, m, 0, m.length); }
    }, new Random(3), lease -> {
        leases.add(lease);
        if (lease != null) client.reconfigure(client.config().withAddress(lease.address(), lease.prefixLength(), lease.gateway()));
    });

    /** Delivers frames until the wire is quiet; the server answers like a minimal RFC 2131 server. */
    private void pump() {
        while (!toServer.isEmpty() || !toClient.isEmpty()) {
            while (!toServer.isEmpty()) server.receive(toServer.poll());
            for (Datagram d; (d = server.udpReceive(serverSocket)) != null; ) answer(d);
            while (!toClient.isEmpty()) client.receive(toClient.poll());
            for (Datagram d; (d = client.udpReceive(clientSocket)) != null; ) dhcp.receive(d.data(), d.data().length, now);
        }
    }

    private void answer(Datagram d) {
        DhcpMessage m = DhcpMessage.parse(d.data(), d.data().length);
        if (m == null || m.op() != DhcpLayout.OP_REQUEST) return;
        int type = m.type() == DhcpLayout.DISCOVER ? DhcpLayout.OFFER : nak ? DhcpLayout.NAK : DhcpLayout.ACK;
        if (m.type() == DhcpLayout.REQUEST) requests++;
        DhcpMessage reply = new DhcpMessage(DhcpLayout.OP_REPLY, m.xid(), 0, type == DhcpLayout.NAK ? 0 : OFFERED, SERVER_IP, m.chaddr(),
            true, type, SERVER_IP, 0, 600, 0xFFFFFF00, SERVER_IP, List.of(Ip4.of(192, 168, 7, 53)));
        byte[] b = reply.encode();
        int dst = m.ciaddr() != 0 ? m.ciaddr() : Ip4.BROADCAST;
        server.udpSendTo(serverSocket, dst, DhcpLayout.CLIENT_PORT, b, 0, b.length);
    }

    private void advanceTo(long t) {
        while (now < t) {
            now = Math.min(t, Math.min(dhcp.nextDeadline(), Math.min(client.nextDeadline(), server.nextDeadline())));
            dhcp.tick(now);
            client.tick();
            server.tick();
            pump();
        }
    }

    @Test
    void discoverOfferRequestAckThenRenew() {
        dhcp.start(now);
        pump();
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        DhcpClient.Lease lease = dhcp.lease();
        assertEquals(OFFERED, lease.address());
        assertEquals(24, lease.prefixLength());
        assertEquals(SERVER_IP, lease.gateway());
        assertEquals(List.of(Ip4.of(192, 168, 7, 53)), lease.dns());
        assertEquals(OFFERED, client.config().address());
        advanceTo(now + 301_000);                                   // T1 = 300 s: unicast renewal
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        assertEquals(2, requests);
        assertEquals(2, leases.size());
    }

    @Test
    void nakOnRenewalRestartsDiscovery() {
        dhcp.start(now);
        pump();
        nak = true;
        advanceTo(now + 301_000);
        assertNull(leases.get(1), "lease lost");
        assertEquals(false, dhcp.state() == DhcpClient.State.BOUND, "discovering again every 4 s; the server keeps refusing");
    }

    @Test
    void silentServerMeansRetriesWithBackoff() {
        List<byte[]> sent = new ArrayList<>();
        DhcpClient lonely = new DhcpClient(CLIENT_MAC, new DhcpClient.Transport() {
            @Override
            public void broadcast(byte[] m) { sent.add(m); }

            @Override
            public void unicast(int server, byte[] m) { sent.add(m); }
        }, new Random(4), l -> { });
        lonely.start(0);
        for (long t = 0; t <= 200_000; t += 1000) lonely.tick(t);
        assertEquals(List.of(0L, 4_000L, 12_000L, 28_000L, 60_000L, 124_000L, 188_000L).size(), sent.size(), "4, 8, 16, 32, 64, 64 s");
        assertNotNull(DhcpMessage.parse(sent.getFirst(), sent.getFirst().length));
    }

    @Test
    void malformedMessagesAreIgnored() {
        Random r = new Random(5);
        byte[] good = DhcpMessage.client(DhcpLayout.DISCOVER, 1, CLIENT_MAC, 0, 0, 0).encode();
        for (int i = 0; i < 50_000; i++) {
            byte[] m = good.clone();
            for (int k = 1 + r.nextInt(4); k > 0; k--) m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            DhcpMessage.parse(m, r.nextInt(m.length + 1));
            dhcp.receive(m, m.length, now);
        }
        assertEquals(DhcpClient.State.INIT, dhcp.state());
    }
}
