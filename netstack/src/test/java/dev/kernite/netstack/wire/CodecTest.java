package dev.kernite.netstack.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CodecTest {
    private static byte[] hex(String s) { return HexFormat.of().parseHex(s.replace(" ", "")); }

    @Test
    void rfc1071Example() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (one's complement), checksum 220d.
        assertEquals(0x220d, Checksum.compute(hex("0001 f203 f4f5 f6f7"), 0, 8));
    }

    @Test
    void oddLengthPadsWithZero() {
        assertEquals(Checksum.compute(hex("0102 0300"), 0, 4), Checksum.compute(hex("0102 03"), 0, 3));
    }

    @Test
    void ipv4HeaderChecksumOfAWellKnownHeader() {
        // 192.168.0.1 -> 192.168.0.199, UDP, total length 115, DF, TTL 64: checksum b861.
        byte[] h = hex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7");
        assertEquals(0xb861, Checksum.compute(h, 0, 20));
        byte[] written = new byte[20];
        Ipv4Layout.write(written, 0, 0x73, 0, Ipv4Layout.FLAG_DF, 64, Ipv4Layout.PROTO_UDP, Ip4.of(192, 168, 0, 1), Ip4.of(192, 168, 0, 199));
        assertArrayEquals(hex("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7"), written);
        assertEquals(0, Checksum.compute(written, 0, 20), "a correct header sums to zero");
    }

    @Test
    void icmpEchoLikeWindowsPing() {
        // The echo request Windows' ping sends first: id 1, seq 1, 32 bytes "abc...wabc...i", checksum 4d5a.
        byte[] m = hex("0800 0000 0001 0001 6162636465666768696a6b6c6d6e6f7071727374757677616263646566676869");
        IcmpLayout.seal(m, 0, m.length);
        assertEquals(0x4d5a, Bytes.u16(m, IcmpLayout.CHECKSUM));
        assertEquals(0, Checksum.compute(m, 0, m.length));
    }

    @Test
    void udpChecksumIncludesThePseudoHeader() {
        // 10.0.0.1:1234 -> 10.0.0.2:53 "hi", computed independently: 7e67.
        byte[] u = hex("04d2 0035 000a 0000 6869");
        assertEquals(0x7e67, Checksum.transport(Ip4.of(10, 0, 0, 1), Ip4.of(10, 0, 0, 2), 17, u, 0, u.length));
    }

    @Test
    void arpRequestMatchesTheRfc826Layout() {
        // Who has 10.0.0.2? Tell 10.0.0.1 (02:00:00:00:00:01), padded to 60 bytes.
        byte[] f = ArpLayout.frame(Ip4.MAC_BROADCAST, ArpLayout.OP_REQUEST, 0x020000000001L, Ip4.of(10, 0, 0, 1), 0, Ip4.of(10, 0, 0, 2));
        byte[] expected = new byte[60];
        byte[] head = hex("ffffffffffff 020000000001 0806 0001 0800 06 04 0001 020000000001 0a000001 000000000000 0a000002");
        System.arraycopy(head, 0, expected, 0, head.length);
        assertArrayEquals(expected, f);
        assertEquals(true, ArpLayout.wellFormed(f, EthernetLayout.HEADER, f.length - EthernetLayout.HEADER));
    }

    @Test
    void addressesFormatAndParse() {
        assertEquals("192.168.1.254", Ip4.format(Ip4.parse("192.168.1.254")));
        assertEquals("02:00:00:00:00:01", Ip4.formatMac(0x020000000001L));
        assertEquals(0xFFFFFF00, Ip4.mask(24));
        assertEquals(0, Ip4.mask(0));
        assertThrows(IllegalArgumentException.class, () -> Ip4.parse("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> Ip4.parse("1.2.3.256"));
    }

    @Test
    void bytesRoundTrip() {
        byte[] b = new byte[8];
        Bytes.put48(b, 1, 0xA1B2C3D4E5F6L);
        assertEquals(0xA1B2C3D4E5F6L, Bytes.u48(b, 1));
        Bytes.put32(b, 0, 0xDEADBEEF);
        assertEquals(0xDEADBEEF, Bytes.i32(b, 0));
    }
}
