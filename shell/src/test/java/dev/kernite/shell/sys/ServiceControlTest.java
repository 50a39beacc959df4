package dev.kernite.shell.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.abi.Status;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceControlTest {
    @Test
    void onFirstUseConnectsAtTheFirstCallAndOnlyOnce() {
        AtomicInteger connects = new AtomicInteger();
        ServiceControl control = ServiceControl.onFirstUse(() -> {
            connects.incrementAndGet();
            return ServiceControl.unavailable(Status.PEER_DIED);
        });
        assertEquals(0, connects.get(), "nothing connects before a command needs it");
        assertEquals(Status.PEER_DIED, control.stop("echo"));
        assertEquals(Status.PEER_DIED, control.list().status());
        assertEquals(Status.PEER_DIED, control.kill("7", true));
        assertEquals(1, connects.get());
    }
}
