package dev.kernite.netstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.netstack.tcp.TcpConnection;
import dev.kernite.netstack.wire.EthernetLayout;
import dev.kernite.netstack.wire.Ipv4Layout;
import org.junit.jupiter.api.Test;

/** TCP between two engines on a clean simulated wire. */
class TcpTest {
    /** A connected pair: [A's socket, B's accepted socket]. */
    static int[] connect(Wire w, int port) {
        int listener = w.b.tcpListen(port, 8).value();
        int client = w.a.tcpConnect(Wire.B_IP, port).value();
        int[] accepted = {-1};
        w.runUntil(() -> accepted[0] > 0, 10_000, () -> {
            NetResult r = w.b.tcpAccept(listener);
            if (r.isOk()) accepted[0] = r.value();
        });
        w.runUntil(() -> "ESTABLISHED".equals(w.a.tcpState(client)), 1000);
        return new int[] {client, accepted[0]};
    }

    @Test
    void handshakeAndEcho() {
        Wire w = new Wire(10);
        int[] s = connect(w, 80);
        assertEquals("ESTABLISHED", w.b.tcpState(s[1]));
        assertTrue((w.a.readiness(s[0]) & Readiness.WRITABLE) != 0);
        assertEquals(5, w.a.tcpWrite(s[0], "hello".getBytes(), 0, 5).value());
        byte[] buf = new byte[100];
        w.runUntil(() -> (w.b.readiness(s[1]) & Readiness.READABLE) != 0, 1000);
        assertEquals(5, w.b.tcpRead(s[1], buf, 0, 100).value());
        assertEquals("hello", new String(buf, 0, 5));
        assertEquals(NetError.EAGAIN, w.b.tcpRead(s[1], buf, 0, 100).error());
        assertTrue(w.eventsB.events.stream().anyMatch(e -> e.handle() == s[1] && (e.readiness() & Readiness.READABLE) != 0));
    }

    @Test
    void bulkTransferBothWaysIntact() {
        Wire w = new Wire(11);
        int[] s = connect(w, 80);
        Transfer ab = new Transfer(w.a, s[0], w.b, s[1], 4 << 20, 1);
        Transfer ba = new Transfer(w.b, s[1], w.a, s[0], 3 << 20, 2);
        w.runUntil(() -> ab.done() && ba.done(), 600_000, () -> { ab.step(); ba.step(); });
        assertTrue(ab.intact() && ba.intact());
        w.a.close(s[0]);
        w.b.close(s[1]);
        w.runFor(2 * w.a.limits().mslMillis() + 1000);
        assertEquals(0, w.a.tcp().connectionCount() + w.b.tcp().connectionCount(), "TIME-WAIT over, all gone");
        assertEquals(0, w.a.counters().get(Counter.TCP_RETRANSMITS) + w.b.counters().get(Counter.TCP_RETRANSMITS));
    }

    @Test
    void closeFromTheClientThenServer() {
        Wire w = new Wire(12);
        int[] s = connect(w, 80);
        w.a.tcpShutdown(s[0]);
        w.runUntil(() -> "FIN_WAIT_2".equals(w.a.tcpState(s[0])), 1000);
        assertEquals("CLOSE_WAIT", w.b.tcpState(s[1]));
        assertEquals(0, w.b.tcpRead(s[1], new byte[10], 0, 10).value(), "end of stream");
        assertEquals(NetError.EPIPE, w.a.tcpWrite(s[0], new byte[1], 0, 1).error());
        assertEquals(3, w.b.tcpWrite(s[1], new byte[3], 0, 3).value(), "half-close: B can still send");
        w.runUntil(() -> (w.a.readiness(s[0]) & Readiness.READABLE) != 0, 1000);
        assertEquals(3, w.a.tcpRead(s[0], new byte[10], 0, 10).value());
        w.b.close(s[1]);
        w.runUntil(() -> w.b.tcp().connectionCount() == 0, 1000);   // LAST_ACK ended on the ACK of B's FIN
        assertNull(w.b.tcpState(s[1]));
        assertEquals("TIME_WAIT", w.a.tcpState(s[0]));
        w.runFor(2 * w.a.limits().mslMillis());
        assertEquals("CLOSED", w.a.tcpState(s[0]));
        assertEquals(0, w.a.tcp().connectionCount());
    }

    @Test
    void closeFromTheServer() {
        Wire w = new Wire(13);
        int[] s = connect(w, 80);
        w.b.close(s[1]);
        w.runUntil(() -> "CLOSE_WAIT".equals(w.a.tcpState(s[0])), 1000);
        w.a.close(s[0]);
        w.runFor(10);
        assertEquals(0, w.a.tcp().connectionCount());
        assertEquals(1, w.b.tcp().connectionCount(), "B in TIME-WAIT");
    }

    @Test
    void simultaneousClose() {
        Wire w = new Wire(14);
        int[] s = connect(w, 80);
        w.a.tcpShutdown(s[0]);
        w.b.tcpShutdown(s[1]);
        w.runFor(20);
        assertEquals("TIME_WAIT", w.a.tcpState(s[0]));
        assertEquals("TIME_WAIT", w.b.tcpState(s[1]));
    }

    @Test
    void connectToAClosedPortIsRefused() {
        Wire w = new Wire(15);
        int c = w.a.tcpConnect(Wire.B_IP, 81).value();
        w.runUntil(() -> (w.a.readiness(c) & Readiness.ERROR) != 0, 1000);
        assertEquals(NetError.ECONNREFUSED, w.a.tcpRead(c, new byte[1], 0, 1).error());
        assertEquals(NetError.ECONNREFUSED, w.a.tcpWrite(c, new byte[1], 0, 1).error());
        assertEquals(1, w.b.counters().get(Counter.TCP_RESETS_OUT));
        assertTrue(w.eventsA.events.stream().anyMatch(e -> e.handle() == c && (e.readiness() & Readiness.ERROR) != 0));
    }

    @Test
    void connectToASilentHostTimesOut() {
        Wire w = new Wire(16);
        w.filterToB = f -> EthernetLayout.type(f) != EthernetLayout.TYPE_IPV4 || f[EthernetLayout.HEADER + Ipv4Layout.PROTOCOL] != Ipv4Layout.PROTO_TCP;
        int c = w.a.tcpConnect(Wire.B_IP, 80).value();
        w.runUntil(() -> (w.a.readiness(c) & Readiness.ERROR) != 0, 200_000);
        assertEquals(NetError.ETIMEDOUT, w.a.tcpRead(c, new byte[1], 0, 1).error());
        assertEquals(w.a.limits().synRetries(), w.a.counters().get(Counter.TCP_RETRANSMITS));
    }

    @Test
    void zeroWindowThenReopen() {
        Wire w = new Wire(17, NetLimits.defaults().withTcpBuffer(16 * 1024));
        int[] s = connect(w, 80);
        Transfer ab = new Transfer(w.a, s[0], w.b, s[1], 1 << 20, 3);
        ab.reading = false;
        w.runUntil(() -> w.a.tcp().connection(s[0]).sendWindow() == 0 && w.a.counters().get(Counter.TCP_WINDOW_PROBES) >= 3,
            120_000, ab::step);
        assertEquals(0, ab.read);
        assertEquals(NetError.EAGAIN, w.a.tcpWrite(s[0], new byte[1], 0, 1).error(), "send buffer full too");
        assertEquals("ESTABLISHED", w.a.tcpState(s[0]), "probes answered: no timeout");
        ab.reading = true;
        w.runUntil(ab::done, 600_000, ab::step);
        assertTrue(ab.intact());
    }

    /**
     * Four connections whose readers stop: together their buffers never hold more than the memory budget (less
     * than their four receive buffers), and once the readers read, memory moves to the connections that were
     * waiting for it, every transfer ends intact, and closing gives every byte back.
     */
    @Test
    void allBuffersTogetherStayWithinTheMemoryBudgetAndEveryTransferFinishes() {
        long budget = 160 * 1024;
        Wire w = new Wire(20, NetLimits.defaults().withTcpBuffer(64 * 1024).withTcpMemory(budget));
        java.util.List<Transfer> all = new java.util.ArrayList<>();
        java.util.List<int[]> sockets = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int[] s = connect(w, 80 + i);
            Transfer t = new Transfer(w.a, s[0], w.b, s[1], 1 << 20, 40 + i);
            t.reading = false;
            all.add(t);
            sockets.add(s);
        }
        long[] peak = {0, 0};
        Runnable step = () -> {
            all.forEach(Transfer::step);
            peak[0] = Math.max(peak[0], w.a.tcp().bufferBytes());
            peak[1] = Math.max(peak[1], w.b.tcp().bufferBytes());
        };
        w.runUntil(() -> w.b.tcp().bufferBytes() == budget, 60_000, step); // the receivers' buffers took it all
        assertTrue(peak[0] <= budget && peak[1] <= budget, "peaks " + peak[0] + ", " + peak[1] + " over " + budget);
        all.forEach(t -> t.reading = true);
        w.runUntil(() -> all.stream().allMatch(Transfer::done), 600_000, step);
        assertTrue(all.stream().allMatch(Transfer::intact));
        assertTrue(peak[0] <= budget && peak[1] <= budget, "peaks " + peak[0] + ", " + peak[1] + " over " + budget);
        for (int[] s : sockets) {
            w.a.close(s[0]);
            w.b.close(s[1]);
        }
        w.runFor(2 * w.a.limits().mslMillis() + 1000);
        assertEquals(0, w.a.tcp().bufferBytes() + w.b.tcp().bufferBytes(), "every byte given back");
    }

    @Test
    void resetByThePeer() {
        Wire w = new Wire(18);
        int[] s = connect(w, 80);
        w.b.tcpWrite(s[1], new byte[100], 0, 100);
        w.runFor(10);
        w.a.close(s[0]);                                  // unread data: RST (RFC 2525)
        w.runFor(10);
        assertEquals(NetError.ECONNRESET, w.b.tcpRead(s[1], new byte[1], 0, 1).error());
        assertEquals(0, w.a.tcp().connectionCount() + w.b.tcp().connectionCount());
    }

    @Test
    void windowScaleIsNegotiated() {
        Wire w = new Wire(19);
        int[] s = connect(w, 80);
        TcpConnection a = w.a.tcp().connection(s[0]);
        assertTrue(a.sendWindow() > 65535, "B's 256 KiB window is visible through scaling: " + a.sendWindow());
    }
}
