package dev.kernite.runtime.net;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.runtime.Message;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SocketProtocolTest {
    static final List<SocketProtocol.Request> ALL = List.of(new SocketProtocol.Attach(3), new SocketProtocol.Connect(0x0A4D0001, 80, 1000),
        new SocketProtocol.Listen(80, 16), new SocketProtocol.Accept(7, -1), new SocketProtocol.Read(7, 0, 4096, 0),
        new SocketProtocol.Write(7, 128, 10, -1), new SocketProtocol.Shutdown(7), new SocketProtocol.Close(7), new SocketProtocol.BindUdp(0),
        new SocketProtocol.SendTo(7, 1, 53, 0, 100), new SocketProtocol.RecvFrom(7, 0, 100, 5), new SocketProtocol.Resolve(100, "linux"),
        new SocketProtocol.Ping(1, 56, 2000), new SocketProtocol.InfoRequest(), new SocketProtocol.StatsRequest(), new SocketProtocol.Sockets(0),
        new SocketProtocol.ArpRequest(0));

    @Test
    void everyRequestDecodesToItself() {
        for (SocketProtocol.Request r : ALL) {
            SocketProtocol.Decoded d = SocketProtocol.decode(r.encode(new Message()));
            assertEquals(r, d.request(), r.toString());
        }
    }

    @Test
    void everyReplyFitsOneMessage() {
        assertTrue(4 + SocketProtocol.MAX_NAME <= Message.MAX_PAYLOAD);
        assertTrue(4 + SocketProtocol.MAX_STATS * (9 + SocketProtocol.MAX_STAT_NAME) <= Message.MAX_PAYLOAD);
        assertTrue(4 + SocketProtocol.SocketRow.MAX_PER_PAGE * SocketProtocol.SocketRow.SIZE <= Message.MAX_PAYLOAD);
        assertTrue(4 + SocketProtocol.ArpRow.MAX_PER_PAGE * SocketProtocol.ArpRow.SIZE <= Message.MAX_PAYLOAD);
        assertTrue(SocketProtocol.Info.SIZE <= Message.MAX_PAYLOAD);
        var info = new SocketProtocol.Info(true, 0x024B4E000001L, 1500, 0x0A4D0002, 24, 0, 0, false);
        assertEquals(info, SocketProtocol.Info.decode(info.encode(new Message())));
        Message m = new Message();
        new SocketProtocol.SocketRow(5, 100, 6, 80, 1, 5000, 5).put(m.setLength(64), 4);
        assertEquals("ESTABLISHED", SocketProtocol.SocketRow.get(m, 4).stateName());
    }

    @Test
    void malformedRequestsAreRefusedNeverThrown() {
        assertEquals(SocketError.EINVAL, SocketProtocol.decode(new SocketProtocol.Connect(1, 0, 10).encode(new Message())).error());
        assertEquals(SocketError.EINVAL, SocketProtocol.decode(new SocketProtocol.Read(1, -1, 10, 0).encode(new Message())).error());
        assertEquals(SocketError.EINVAL, SocketProtocol.decode(new SocketProtocol.Resolve(10, "a b").encode(new Message())).error());
        assertEquals(SocketError.EOPNOTSUPP, SocketProtocol.decode(new Message().setLabel(99)).error());
        SplittableRandom random = new SplittableRandom(42);
        Message m = new Message();
        for (int i = 0; i < 200_000; i++) {
            int len = random.nextInt(0, 40);
            m.clear().setLabel(random.nextInt(-2, 20)).setLength(len);
            for (int j = 0; j + 4 <= len; j += 4) m.putInt(j, random.nextInt(4) == 0 ? random.nextInt(-2, 70_000) : random.nextInt());
            SocketProtocol.Decoded d = SocketProtocol.decode(m);
            assertTrue((d.request() == null) != (d.error() == null));
        }
    }

    @Test
    void errorsKeepLinuxCodesAndMapToJavaNetExceptions() {
        assertEquals(111, SocketError.ECONNREFUSED.code());
        assertEquals(SocketError.ECONNRESET, SocketError.fromCode(104));
        assertInstanceOf(java.net.ConnectException.class, NetExceptions.of(SocketError.ECONNREFUSED, "connect"));
        assertInstanceOf(java.net.SocketTimeoutException.class, NetExceptions.of(SocketError.EAGAIN, "read"));
        assertInstanceOf(java.net.UnknownHostException.class, NetExceptions.of(SocketError.ENOENT, "nowhere"));
        assertEquals(SocketError.ECONNRESET, SocketProtocol.errorOf(new Message().setLabel(12345)));
        assertEquals(0x0A4D0001, NetClient.literal("10.77.0.1"));
        assertEquals(0, NetClient.literal("10.77.0.256"));
        assertEquals("02:4b:4e:00:00:01", NetClient.formatMac(0x024B4E000001L));
    }
}
