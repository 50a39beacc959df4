package dev.kernite.netstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.netstack.udp.Datagram;
import dev.kernite.netstack.wire.Ip4;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ARP, ping and UDP between two engines on the simulated wire. */
class BasicEngineTest {
    @Test
    void pingResolvesArpThenMeasuresTheRoundTrip() {
        Wire w = new Wire(1);
        assertNull(w.a.ping(Wire.B_IP, 7, 1, 56));
        w.runUntil(() -> !w.eventsA.pings.isEmpty(), 1000);
        long[] reply = w.eventsA.pings.getFirst();
        assertEquals(Wire.B_IP, (int) reply[0]);
        assertEquals(7, reply[1]);
        assertEquals(1, reply[2]);
        assertEquals(4, reply[3], "ARP request + reply, echo request + reply at 1 ms each");
        assertNull(w.a.ping(Wire.B_IP, 7, 2, 56));
        w.runUntil(() -> w.eventsA.pings.size() == 2, 1000);
        assertEquals(2, w.eventsA.pings.get(1)[3], "ARP cached: one round trip");
        assertEquals(1, w.b.counters().get(Counter.ARP_OUT), "B answered one request, and learned A from it");
        assertEquals(0, w.a.counters().totalDrops() + w.b.counters().totalDrops());
    }

    @Test
    void pingOfAnAbsentHostIsDroppedAfterArpGivesUp() {
        Wire w = new Wire(2);
        w.a.ping(Ip4.of(10, 0, 0, 99), 1, 1, 8);
        w.runFor(10_000);
        assertTrue(w.eventsA.pings.isEmpty());
        assertEquals(1, w.a.counters().drops(DropReason.ARP_UNRESOLVED));
        assertEquals(3, w.a.counters().get(Counter.ARP_OUT));
    }

    @Test
    void offLinkWithoutGatewayIsUnreachable() {
        Wire w = new Wire(3);
        assertEquals(NetError.ENETUNREACH, w.a.ping(Ip4.of(8, 8, 8, 8), 1, 1, 8));
        assertEquals(NetError.EMSGSIZE, w.a.ping(Wire.B_IP, 1, 1, 1500));
    }

    @Test
    void udpDatagramsBothWays() {
        Wire w = new Wire(4);
        int sa = w.a.udpBind(0).value();
        int sb = w.b.udpBind(5353).value();
        assertEquals(NetError.EADDRINUSE, w.b.udpBind(5353).error());
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        assertEquals(5, w.a.udpSendTo(sa, Wire.B_IP, 5353, hello, 0, 5).value());
        w.runUntil(() -> (w.b.readiness(sb) & Readiness.READABLE) != 0, 1000);
        Datagram d = w.b.udpReceive(sb);
        assertArrayEquals(hello, d.data());
        assertEquals(Wire.A_IP, d.srcAddress());
        assertEquals(w.a.localPort(sa), d.srcPort());
        assertNull(w.b.udpReceive(sb), "EAGAIN");
        w.b.udpSendTo(sb, d.srcAddress(), d.srcPort(), new byte[1400], 0, 1400);
        w.runUntil(() -> (w.a.readiness(sa) & Readiness.READABLE) != 0, 1000);
        assertEquals(1400, w.a.udpReceive(sa).data().length);
        assertTrue(w.eventsB.events.stream().anyMatch(e -> e.handle() == sb));
        assertEquals(NetError.EMSGSIZE, w.a.udpSendTo(sa, Wire.B_IP, 5353, new byte[1473], 0, 1473).error());
    }

    @Test
    void udpToAClosedPortGetsPortUnreachable() {
        Wire w = new Wire(5);
        int sa = w.a.udpBind(0).value();
        w.a.udpSendTo(sa, Wire.B_IP, 9, new byte[4], 0, 4);
        w.runFor(100);
        assertEquals(1, w.b.counters().drops(DropReason.NO_SOCKET));
        assertEquals(1, w.b.counters().get(Counter.ICMP_OUT));
        assertEquals(1, w.a.counters().get(Counter.ICMP_IN));
    }

    @Test
    void udpQueueIsBounded() {
        Wire w = new Wire(6);
        int sa = w.a.udpBind(0).value();
        int sb = w.b.udpBind(7).value();
        int limit = w.b.limits().udpQueueDatagrams();
        w.a.ping(Wire.B_IP, 1, 1, 0);                       // resolve ARP first: it holds only a few frames
        w.runFor(10);
        for (int i = 0; i < limit + 10; i++) w.a.udpSendTo(sa, Wire.B_IP, 7, new byte[10], 0, 10);
        w.runFor(100);
        assertEquals(10, w.b.counters().drops(DropReason.QUEUE_FULL));
        int n = 0;
        while (w.b.udpReceive(sb) != null) n++;
        assertEquals(limit, n);
        assertNotNull(w.b.close(sb));
        assertEquals(NetError.EBADF, w.b.close(sb).error());
    }
}
