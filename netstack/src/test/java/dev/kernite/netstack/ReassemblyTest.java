package dev.kernite.netstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kernite.netstack.udp.Datagram;
import dev.kernite.netstack.wire.Ipv4Layout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IPv4 fragment reassembly, fed to B directly. */
class ReassemblyTest {
    private final Wire w = new Wire(40);
    private final int sock = w.b.udpBind(7).value();
    private final byte[] data = new byte[3000];
    private final byte[] datagram;

    ReassemblyTest() {
        new Random(40).nextBytes(data);
        datagram = Frames.udp(1000, 7, data);
    }

    /** Fragment [from, to) of the UDP datagram; {@code more} sets MF. */
    private byte[] piece(int ident, int from, int to, boolean more) {
        return Frames.ipv4(Ipv4Layout.PROTO_UDP, ident, (more ? Ipv4Layout.FLAG_MF : 0) | from / 8, datagram, from, to - from);
    }

    private void deliver(List<byte[]> frames) {
        for (byte[] f : frames) w.b.receive(f);
    }

    private void assertDelivered() {
        Datagram d = w.b.udpReceive(sock);
        assertArrayEquals(data, d.data());
        assertEquals(1, w.b.counters().get(Counter.DATAGRAMS_REASSEMBLED));
    }

    @Test
    void inOrder() {
        deliver(List.of(piece(1, 0, 1480, true), piece(1, 1480, 2960, true), piece(1, 2960, 3008, false)));
        assertDelivered();
    }

    @Test
    void outOfOrder() {
        deliver(List.of(piece(2, 2960, 3008, false), piece(2, 0, 1480, true), piece(2, 1480, 2960, true)));
        assertDelivered();
    }

    @Test
    void overlappingAndDuplicated() {
        deliver(List.of(piece(3, 0, 1600, true), piece(3, 800, 2400, true), piece(3, 0, 1600, true), piece(3, 2400, 3008, false)));
        assertDelivered();
    }

    @Test
    void missingPieceTimesOut() {
        deliver(List.of(piece(4, 0, 1480, true), piece(4, 2960, 3008, false)));
        assertNull(w.b.udpReceive(sock));
        w.runFor(w.b.limits().reassemblyMillis() + 1);
        assertEquals(1, w.b.counters().drops(DropReason.FRAGMENT_TIMEOUT));
        w.b.receive(piece(4, 1480, 2960, true));        // too late: starts a new datagram, which never completes
        assertNull(w.b.udpReceive(sock));
    }

    @Test
    void badFragmentsAreDroppedAndCounted() {
        w.b.receive(piece(5, 0, 1001, true));            // a middle fragment not a multiple of 8
        byte[] beyond = Frames.ipv4(Ipv4Layout.PROTO_UDP, 6, Ipv4Layout.FLAG_MF | 0x1FFF, datagram, 0, 1000); // past 64 KiB
        w.b.receive(beyond);
        w.b.receive(piece(7, 0, 1480, true));
        w.b.receive(piece(7, 16, 800, false));           // "last" fragment ends before data already received
        assertEquals(3, w.b.counters().drops(DropReason.FRAGMENT_BAD));
    }

    @Test
    void concurrentReassembliesAreBounded() {
        int limit = w.b.limits().reassemblies();
        for (int i = 0; i < limit + 5; i++) w.b.receive(piece(100 + i, 0, 1480, true));
        assertEquals(5, w.b.counters().drops(DropReason.FRAGMENT_LIMIT));
    }
}
