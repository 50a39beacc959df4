package dev.kernite.netstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.netstack.wire.Bytes;
import dev.kernite.netstack.wire.EthernetLayout;
import dev.kernite.netstack.wire.Ipv4Layout;
import dev.kernite.netstack.wire.TcpLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage, lies and floods: dropped and counted, never an exception, memory bounded. */
class HostileInputTest {
    @Test
    void seededFuzzOfRandomAndMutatedFrames() {
        long seed = Long.getLong("fuzz.seed", 4242);
        Random r = new Random(seed);
        Wire w = new Wire(seed);
        int[] s = TcpTest.connect(w, 80);
        w.b.udpBind(53);
        byte[][] templates = {
            Frames.udp(1, 53, new byte[20]),
            Frames.tcp(w.a.localPort(s[0]), 80, 1, 1, TcpLayout.ACK_FLAG, 100, new byte[10]),
            Frames.ipv4(Ipv4Layout.PROTO_ICMP, 1, 0, new byte[] {8, 0, 0, 0, 0, 1, 0, 1}, 0, 8),
        };
        templates[0] = Frames.ipv4(Ipv4Layout.PROTO_UDP, 9, 0, templates[0], 0, templates[0].length);
        try {
            for (int i = 0; i < 200_000; i++) {
                byte[] f;
                if (i % 3 == 0) {
                    f = new byte[r.nextInt(100)];
                    r.nextBytes(f);
                    if (f.length >= 14 && r.nextBoolean()) Bytes.put48(f, 0, Wire.B_MAC);
                    if (f.length >= 14 && r.nextBoolean()) Bytes.put16(f, 12, r.nextBoolean() ? 0x0800 : 0x0806);
                } else {
                    f = templates[r.nextInt(templates.length)].clone();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) f[14 + r.nextInt(f.length - 14)] = (byte) r.nextInt(256);
                    if (r.nextInt(4) == 0) f = java.util.Arrays.copyOf(f, r.nextInt(f.length));
                }
                w.b.receive(f);
                if (i % 1000 == 0) w.runFor(5);
            }
        } catch (RuntimeException e) {
            throw new AssertionError("fuzz seed " + seed, e);
        }
        assertTrue(w.b.counters().totalDrops() > 100_000, w.b.counters().toString());
        assertTrue(w.b.tcp().connectionCount() <= w.b.limits().tcpConnections());
        assertEquals("ESTABLISHED", w.a.tcpState(s[0]), "the real connection survived (seed " + seed + ")");
    }

    @Test
    void truncatedAndLyingHeaders() {
        Wire w = new Wire(50);
        byte[] good = Frames.ipv4(Ipv4Layout.PROTO_UDP, 1, 0, Frames.udp(1, 2, new byte[8]), 0, 16);
        w.b.receive(new byte[10]);                                          // shorter than Ethernet
        w.b.receive(java.util.Arrays.copyOf(good, 20));                      // shorter than IPv4
        byte[] bigLength = good.clone();
        Bytes.put16(bigLength, EthernetLayout.HEADER + Ipv4Layout.TOTAL_LENGTH, 9000);
        Ipv4Layout.write(bigLength, EthernetLayout.HEADER, 9000, 1, 0, 64, 17, Wire.A_IP, Wire.B_IP);
        w.b.receive(bigLength);                                             // length beyond the frame
        byte[] badSum = good.clone();
        badSum[EthernetLayout.HEADER + Ipv4Layout.CHECKSUM] ^= 1;
        w.b.receive(badSum);
        byte[] udpLies = good.clone();
        Bytes.put16(udpLies, 34 + 4, 4);                                    // UDP length below its header
        w.b.receive(udpLies);
        byte[] udpSum = good.clone();
        udpSum[34 + 8] ^= 1;
        w.b.receive(udpSum);
        NetCounters c = w.b.counters();
        assertEquals(2, c.drops(DropReason.TRUNCATED));
        assertEquals(2, c.drops(DropReason.BAD_LENGTH));
        assertEquals(2, c.drops(DropReason.BAD_CHECKSUM));
    }

    @Test
    void tcpSegmentsOutOfWindowAreAnsweredWithAnAckAndDropped() {
        Wire w = new Wire(51);
        int[] s = TcpTest.connect(w, 80);
        int port = w.a.localPort(s[0]);
        long before = w.b.counters().get(Counter.TCP_OUT);
        w.b.receive(Frames.tcp(port, 80, 0x1234_5678, 0, TcpLayout.ACK_FLAG, 100, new byte[100]));
        w.b.receive(Frames.tcp(port, 80, 0x1234_5678, 0, TcpLayout.RST, 0, new byte[0]));    // blind reset: ignored
        w.b.receive(Frames.tcp(port, 80, 0x1234_5678, 0, TcpLayout.SYN, 100, new byte[0]));  // blind SYN: ignored
        assertEquals("ESTABLISHED", w.b.tcpState(s[1]));
        assertTrue(w.b.counters().drops(DropReason.TCP_OUT_OF_WINDOW) >= 2);
        assertTrue(w.b.counters().get(Counter.TCP_OUT) > before, "challenge ACKs");
        w.runFor(100);
        assertEquals("ESTABLISHED", w.a.tcpState(s[0]));
    }

    @Test
    void synFloodBeyondTheBacklogIsDropped() {
        Wire w = new Wire(52);
        int listener = w.b.tcpListen(80, 4).value();
        for (int i = 0; i < 10_000; i++) w.b.receive(Frames.tcp(1024 + i % 60000, 80, i * 7919, 0, TcpLayout.SYN, 1000, new byte[0]));
        assertEquals(4, w.b.tcp().connectionCount(), "half-open bounded by the backlog");
        assertEquals(10_000 - 4, w.b.counters().drops(DropReason.TCP_BACKLOG_FULL));
        w.runFor(120_000);                                                  // SYN-ACKs unanswered: half-open ones expire
        assertEquals(0, w.b.tcp().connectionCount());
        int c = w.a.tcpConnect(Wire.B_IP, 80).value();                       // and the listener still works
        w.runUntil(() -> w.b.tcpAccept(listener).isOk(), 10_000);
        assertEquals("ESTABLISHED", w.a.tcpState(c));
    }

    @Test
    void connectionTableIsBoundedAcrossListeners() {
        NetLimits small = new NetLimits(64, 60_000, 1_000, 3, 8, 8, 30_000, 1024, 64, 16, 64 * 1024, 64, 128, 200, 1_000, 60_000, 5, 12, 30_000, 16 << 20);
        Wire w = new Wire(53, small);
        for (int p = 1; p <= 4; p++) w.b.tcpListen(p, 100);
        for (int i = 0; i < 1000; i++) w.b.receive(Frames.tcp(2000 + i, 1 + i % 4, i, 0, TcpLayout.SYN, 1000, new byte[0]));
        assertEquals(16, w.b.tcp().connectionCount());
        assertEquals(1000 - 16, w.b.counters().drops(DropReason.TCP_TABLE_FULL));
    }

    @Test
    void segmentsForNobodyAreReset() {
        Wire w = new Wire(54);
        w.b.receive(Frames.tcp(5555, 9, 100, 0, TcpLayout.SYN, 1000, new byte[0]));
        w.b.receive(Frames.tcp(5555, 9, 100, 0, TcpLayout.RST, 1000, new byte[0]));      // never answer a RST
        assertEquals(2, w.b.counters().drops(DropReason.NO_SOCKET));
        assertEquals(1, w.b.counters().get(Counter.TCP_RESETS_OUT));
    }
}
