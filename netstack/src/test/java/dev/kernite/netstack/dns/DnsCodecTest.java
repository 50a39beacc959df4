package dev.kernite.netstack.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kernite.netstack.wire.Ip4;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsCodecTest {
    private static byte[] hex(String s) { return HexFormat.of().parseHex(s.replace(" ", "")); }

    /** Response to id 0x1234 "www.example.com A": a CNAME to example.com (compressed) and its A record. */
    private static final String RESPONSE = "1234 8180 0001 0002 0000 0000"
        + " 03777777 076578616d706c65 03636f6d 00 0001 0001"          // question at 12: www.example.com
        + " c00c 0005 0001 0000012c 0002 c010"                          // www... CNAME -> pointer to example.com (16)
        + " c010 0001 0001 00000e10 0004 5db8d822";                     // example.com A 93.184.216.34, TTL 3600

    @Test
    void queryLayout() {
        assertEquals("1234 0100 0001 0000 0000 0000 03777777 076578616d706c65 03636f6d 00 0001 0001".replace(" ", ""),
            HexFormat.of().formatHex(DnsCodec.query(0x1234, "www.example.com")));
        assertNull(DnsCodec.query(1, "a..b"));
        assertNull(DnsCodec.query(1, "x".repeat(64) + ".com"));
    }

    @Test
    void responseWithCompressionPointers() {
        DnsCodec.Parsed p = DnsCodec.parse(hex(RESPONSE), hex(RESPONSE).length, 0x1234);
        DnsCodec.Response r = assertInstanceOf(DnsCodec.Ok.class, p).response();
        assertEquals("www.example.com", r.question());
        assertEquals(List.of(Ip4.of(93, 184, 216, 34)), r.addresses());
        assertEquals(3600, r.ttlSeconds());
        assertEquals(0, r.rcode());
    }

    @Test
    void hostileResponsesAreRejected() {
        byte[] good = hex(RESPONSE);
        assertInstanceOf(DnsCodec.Bad.class, DnsCodec.parse(good, good.length, 0x9999), "wrong id");
        assertInstanceOf(DnsCodec.Bad.class, DnsCodec.parse(good, 40, 0x1234), "truncated");
        byte[] loop = hex("1234 8180 0001 0000 0000 0000 c00c 0001 0001");                  // points at itself
        assertInstanceOf(DnsCodec.Bad.class, DnsCodec.parse(loop, loop.length, 0x1234));
        byte[] cycle = hex("1234 8180 0001 0000 0000 0000 0161 c00c 0001 0001");             // label then back to it
        assertInstanceOf(DnsCodec.Bad.class, DnsCodec.parse(cycle, cycle.length, 0x1234));
        byte[] forward = hex("1234 8180 0001 0000 0000 0000 c020 0001 0001");
        assertInstanceOf(DnsCodec.Bad.class, DnsCodec.parse(forward, forward.length, 0x1234));
        byte[] badRdlen = good.clone();
        badRdlen[good.length - 5] = 0x40;                                                       // rdlength past the end
        assertInstanceOf(DnsCodec.Bad.class, DnsCodec.parse(badRdlen, badRdlen.length, 0x1234));
        StringBuilder longName = new StringBuilder("1234 8180 0001 0000 0000 0000");
        for (int i = 0; i < 5; i++) longName.append(" 3f").append("61".repeat(63));             // 320 bytes of labels
        longName.append(" 00 0001 0001");
        byte[] tooLong = hex(longName.toString());
        assertInstanceOf(DnsCodec.Bad.class, DnsCodec.parse(tooLong, tooLong.length, 0x1234));
    }

    @Test
    void fuzzNeverThrows() {
        long seed = 77;
        Random r = new Random(seed);
        byte[] good = hex(RESPONSE);
        for (int i = 0; i < 100_000; i++) {
            byte[] m = good.clone();
            for (int k = 1 + r.nextInt(6); k > 0; k--) m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            try {
                DnsCodec.parse(m, r.nextInt(m.length + 1), 0x1234);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " iteration " + i, e);
            }
        }
    }
}
