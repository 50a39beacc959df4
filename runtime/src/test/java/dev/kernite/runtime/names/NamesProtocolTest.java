package dev.kernite.runtime.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The names wire protocol: what encodes decodes to itself, and everything malformed gets a status. */
class NamesProtocolTest {

    @Test
    void requestsRoundTrip() {
        String longest = "n".repeat(NamesProtocol.MAX_NAME);
        List<NamesProtocol.Request> all = List.of(new NamesProtocol.Register(4097, "echo"),
            new NamesProtocol.Register(Integer.MAX_VALUE, longest), new NamesProtocol.Lookup("a.b_c-9"),
            new NamesProtocol.Unregister("x"), new NamesProtocol.ListNames(0), new NamesProtocol.ListNames(31));
        Message m = new Message();
        for (NamesProtocol.Request r : all) {
            Result<NamesProtocol.Request> back = NamesProtocol.decode(r.encode(m));
            assertEquals(Status.OK, back.status(), r.toString());
            assertEquals(r, back.value());
        }
    }

    @Test
    void theLargestRequestFitsAMessage() {
        Message m = new NamesProtocol.Register(1, "n".repeat(NamesProtocol.MAX_NAME)).encode(new Message());
        assertEquals(NamesProtocol.MAX_REQUEST, m.length());
        assertTrue(NamesProtocol.MAX_REQUEST <= Message.MAX_PAYLOAD);
    }

    @Test
    void malformedRequestsAreInvalidArguments() {
        assertInvalid(raw(NamesProtocol.REGISTER, new byte[0]));
        assertInvalid(raw(NamesProtocol.REGISTER, new byte[3]));
        assertInvalid(raw(NamesProtocol.REGISTER, new byte[4]));                 // a handle, no name
        assertInvalid(raw(NamesProtocol.LOOKUP, new byte[0]));
        assertInvalid(name(NamesProtocol.LOOKUP, "n".repeat(NamesProtocol.MAX_NAME + 1)));
        assertInvalid(name(NamesProtocol.LOOKUP, "a b"));
        assertInvalid(name(NamesProtocol.LOOKUP, "a/b"));
        assertInvalid(name(NamesProtocol.UNREGISTER, "ü"));
        assertInvalid(raw(NamesProtocol.LOOKUP, new byte[] {'a', 0}));
        assertInvalid(raw(NamesProtocol.LOOKUP, new byte[] {(byte) 0xC3, (byte) 0xBC}));
        assertInvalid(new Message().setLabel(NamesProtocol.LIST).putInt(0, -1));
        assertInvalid(new Message().setLabel(NamesProtocol.LIST).putLong(0, 0));
        assertInvalid(raw(NamesProtocol.LIST, new byte[2]));
    }

    @Test
    void unknownLabelsAreNotSupported() {
        for (int label : new int[] {0, 5, -1, 99, Integer.MIN_VALUE + 1}) {
            assertEquals(Status.NOT_SUPPORTED, NamesProtocol.decode(new Message().setLabel(label)).status());
        }
    }

    @Test
    void garbageNeverThrows() {
        java.util.Random random = new java.util.Random(7);
        Message m = new Message();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            m.clear().setLabel(random.nextInt(6)).setPayload(b);
            Result<NamesProtocol.Request> r = NamesProtocol.decode(m);
            assertTrue(r.ok() || r.status() == Status.INVALID_ARGUMENT || r.status() == Status.NOT_SUPPORTED);
        }
    }

    @Test
    void replyCarriesItsStatusInTheLabel() {
        Message m = NamesProtocol.reply(new Message().setPayload(new byte[9]), Status.NOT_FOUND);
        assertEquals(Status.NOT_FOUND, NamesProtocol.status(m));
        assertEquals(0, m.length());
        assertEquals(Status.PROTOCOL_ERROR, NamesProtocol.status(new Message().setLabel(12345)));
    }

    @Test
    void listPagesHoldWholeNamesAndEveryNameArrives() {
        List<String> names = IntStream.range(0, 200).mapToObj(i -> "service-" + i + "-" + "x".repeat(i % 50)).sorted().toList();
        List<String> got = new ArrayList<>();
        Message m = new Message();
        while (got.size() < names.size()) {
            int n = NamesProtocol.putNames(m, names.subList(got.size(), names.size()));
            assertTrue(n > 0, "every page makes progress");
            assertTrue(m.length() <= Message.MAX_PAYLOAD);
            Result<List<String>> page = NamesProtocol.names(m);
            assertEquals(n, page.value().size());
            got.addAll(page.value());
        }
        assertEquals(names, got);
        assertEquals(0, NamesProtocol.putNames(m, List.of()));
        assertEquals(List.of(), NamesProtocol.names(m).value());
    }

    @Test
    void aListPageWithAnythingButNamesIsAProtocolError() {
        assertEquals(Status.PROTOCOL_ERROR, NamesProtocol.names(new Message().setPayload("a\n\nb".getBytes(StandardCharsets.US_ASCII))).status());
        assertEquals(Status.PROTOCOL_ERROR, NamesProtocol.names(new Message().setPayload("a b".getBytes(StandardCharsets.US_ASCII))).status());
    }

    @Test
    void nameRule() {
        assertTrue(NamesProtocol.isValidName("Echo_1.2-x"));
        assertFalse(NamesProtocol.isValidName(""));
        assertFalse(NamesProtocol.isValidName(null));
        assertFalse(NamesProtocol.isValidName("n".repeat(65)));
    }

    private static Message raw(int label, byte[] payload) {
        return new Message().setLabel(label).setPayload(payload);
    }

    private static Message name(int label, String name) {
        return raw(label, name.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalid(Message m) {
        assertEquals(Status.INVALID_ARGUMENT, NamesProtocol.decode(m).status(), m.toString());
    }
}
