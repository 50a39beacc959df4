package dev.kernite.runtime.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.rs.RsClient.ServiceInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RsProtocolTest {
    private static RsProtocol.Request roundTrip(RsProtocol.Request r) {
        Result<RsProtocol.Request> back = RsProtocol.decode(r.encode(new Message()));
        assertEquals(Status.OK, back.status(), r.toString());
        return back.value();
    }

    @Test
    void everyRequestSurvivesTheWire() {
        List<RsProtocol.Request> all = List.of(new RsProtocol.Start("echo"), new RsProtocol.Start("[x]\nmodule = a.b\nmain = a.B"),
            new RsProtocol.Stop("echo"), new RsProtocol.Restart("names"), new RsProtocol.Kill(true, "12345"),
            new RsProtocol.Kill(false, "echo"), new RsProtocol.ListServices(0), new RsProtocol.ListServices(7),
            new RsProtocol.Shutdown(), new RsProtocol.AwaitReady(10_000, "echo"), new RsProtocol.AwaitSession());
        for (RsProtocol.Request r : all) assertEquals(r, roundTrip(r));
        assertTrue(new RsProtocol.Start("echo").isName());
        assertTrue(!new RsProtocol.Start("[x]\nmodule = a").isName());
    }

    @Test
    void theLongestRequestFitsAMessage() {
        String section = "x".repeat(Message.MAX_PAYLOAD);
        assertEquals(new RsProtocol.Start(section), roundTrip(new RsProtocol.Start(section)));
        assertEquals(4 + 64, new RsProtocol.AwaitReady(1, "n".repeat(64)).encode(new Message()).length(), "deadline and the longest name");
    }

    @Test
    void malformedRequestsAreInvalidArguments() {
        assertInvalid(RsProtocol.STOP, new byte[0]);
        assertInvalid(RsProtocol.STOP, "no such/name".getBytes(StandardCharsets.UTF_8));
        assertInvalid(RsProtocol.STOP, "n".repeat(65).getBytes(StandardCharsets.UTF_8));
        assertInvalid(RsProtocol.START, new byte[] {(byte) 0xff, (byte) 0xfe});
        assertInvalid(RsProtocol.START, "   ".getBytes(StandardCharsets.UTF_8));
        assertInvalid(RsProtocol.KILL, new byte[] {2, 0, 0, 0, 'e'});
        assertInvalid(RsProtocol.KILL, new byte[] {1, 0, 0, 0});
        assertInvalid(RsProtocol.LIST, new byte[] {1, 2});
        assertInvalid(RsProtocol.LIST, new byte[] {-1, -1, -1, -1});
        assertInvalid(RsProtocol.SHUTDOWN, new byte[] {0});
        assertInvalid(RsProtocol.AWAIT_READY, new byte[] {-1, -1, -1, -1, 'e'});
        assertInvalid(RsProtocol.AWAIT_READY, new byte[] {1, 0, 0});
        assertInvalid(RsProtocol.AWAIT_SESSION, new byte[] {0});
        assertEquals(Status.NOT_SUPPORTED, RsProtocol.decode(new Message().setLabel(99)).status());
        assertEquals(Status.NOT_SUPPORTED, RsProtocol.decode(new Message().setLabel(-3)).status());
    }

    private static void assertInvalid(int label, byte[] payload) {
        assertEquals(Status.INVALID_ARGUMENT, RsProtocol.decode(new Message().setLabel(label).setPayload(payload)).status());
    }

    @Test
    void rowsPageThroughManyServicesWhole() {
        List<ServiceInfo> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new ServiceInfo("service-" + i, 1000 + i, "running", i, "hung: no heartbeat\tfor\n3 s", 1_700_000_000_000L + i, "always"));
        }
        List<ServiceInfo> read = new ArrayList<>();
        Message m = new Message();
        while (read.size() < rows.size()) {
            int n = RsProtocol.putRows(m, rows.subList(read.size(), rows.size()));
            assertTrue(n > 0 && m.length() <= Message.MAX_PAYLOAD);
            List<ServiceInfo> page = RsProtocol.rows(m).orElseThrow();
            assertEquals(n, page.size());
            read.addAll(page);
        }
        assertEquals(rows.size(), read.size());
        assertEquals("hung: no heartbeat for 3 s", read.get(5).lastExit(), "tabs and newlines cannot break a row");
        assertEquals(new ServiceInfo("service-5", 1005, "running", 5, "hung: no heartbeat for 3 s", 1_700_000_000_005L, "always"), read.get(5));
        assertEquals(0, RsProtocol.putRows(m, List.of()));
        assertEquals(List.of(), RsProtocol.rows(m).orElseThrow());
    }

    @Test
    void theLongestRowFitsAndLongExitReasonsAreCut() {
        ServiceInfo big = new ServiceInfo("n".repeat(64), Integer.MAX_VALUE, "s".repeat(20), Integer.MAX_VALUE, "x".repeat(5000), Long.MAX_VALUE, "on-failure");
        Message m = new Message();
        assertEquals(1, RsProtocol.putRows(m, List.of(big)));
        assertEquals(RsProtocol.MAX_EXIT_TEXT, RsProtocol.rows(m).orElseThrow().getFirst().lastExit().length());
    }

    @Test
    void malformedRowsAreProtocolErrors() {
        for (String bad : List.of("a\t1\trunning", "a\tx\trunning\t0\t0\talways\t", "bad name\t1\trunning\t0\t0\talways\t")) {
            Message m = new Message().setPayload(bad.getBytes(StandardCharsets.UTF_8));
            assertEquals(Status.PROTOCOL_ERROR, RsProtocol.rows(m).status(), bad);
        }
    }
}
