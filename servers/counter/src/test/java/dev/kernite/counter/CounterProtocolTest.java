package dev.kernite.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import org.junit.jupiter.api.Test;

/** The counter protocol: requests round-trip, malformed ones get a status, replies carry value and pid. */
class CounterProtocolTest {

    @Test
    void requestsRoundTrip() {
        Message m = new Message();
        assertEquals(new CounterProtocol.Add(-5), CounterProtocol.decode(new CounterProtocol.Add(-5).encode(m)).value());
        assertEquals(new CounterProtocol.Get(), CounterProtocol.decode(new CounterProtocol.Get().encode(m)).value());
    }

    @Test
    void malformedRequestsGetAStatus() {
        assertEquals(Status.INVALID_ARGUMENT, CounterProtocol.decode(new Message().setLabel(CounterProtocol.ADD)).status());
        assertEquals(Status.INVALID_ARGUMENT, CounterProtocol.decode(new Message().setLabel(CounterProtocol.ADD).putInt(0, 1)).status());
        assertEquals(Status.INVALID_ARGUMENT, CounterProtocol.decode(new Message().setLabel(CounterProtocol.GET).putInt(0, 1)).status());
        assertEquals(Status.NOT_SUPPORTED, CounterProtocol.decode(new Message().setLabel(7)).status());
    }

    @Test
    void repliesCarryStatusValueAndPid() {
        Message m = CounterProtocol.value(new Message(), 42, 1234);
        assertEquals(Status.OK, CounterProtocol.status(m));
        assertEquals(42, CounterProtocol.valueOf(m));
        assertEquals(1234, CounterProtocol.pidOf(m));
        assertEquals(CounterProtocol.REPLY_LENGTH, m.length());
        assertEquals(Status.NOT_SUPPORTED, CounterProtocol.status(CounterProtocol.reply(m, Status.NOT_SUPPORTED)));
        assertEquals(Status.PROTOCOL_ERROR, CounterProtocol.status(new Message().setLabel(0).putInt(0, 1)), "OK with a short payload");
    }
}
