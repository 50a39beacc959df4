package dev.kernite.httpd;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HttpRequestTest {
    static HttpRequest.Parsed read(String s) throws Exception {
        return HttpRequest.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void parsesGetAndHeadWithKeepAlive() throws Exception {
        var r = read("GET /a%20b.html?x=1 HTTP/1.1\r\nHost: k\r\n\r\n");
        assertEquals("GET", r.method());
        assertEquals("/a b.html", r.path());
        assertTrue(r.keepAlive());
        assertFalse(read("HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive());
        assertFalse(read("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertNull(read(""));
    }

    @Test
    void malformedRequestsAreBadNeverThrown() throws Exception {
        for (String s : new String[] {"GARBAGE\r\n\r\n", "GET /../etc/passwd HTTP/1.1\r\n\r\n", "GET nothing HTTP/1.1\r\n\r\n",
            "GET / HTTP/9\r\n\r\n", "GET /%zz HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nno colon\r\n\r\n", "GET / HTTP/1.1\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n"}) {
            assertNotNull(read(s).bad(), s);
        }
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(1, 80)];
            for (int j = 0; j < b.length; j++) b[j] = (byte) (random.nextInt(4) == 0 ? "\r\n /:GET".charAt(random.nextInt(8)) : random.nextInt(256));
            HttpRequest.read(new ByteArrayInputStream(b)); // never throws
        }
    }
}
