package dev.kernite.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernite.runtime.rs.Manifest;
import dev.kernite.runtime.rs.RsClient.ServiceInfo;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceTest {
    @Test
    void restartsOlderThanThePeriodNoLongerCount() throws Exception {
        Service s = new Service(Manifest.parseSection("t", "[x]\nmodule = a.b\nmain = a.B\nmax-restarts = 3 in 10s\n"));
        long now = System.nanoTime();
        s.recentRestarts.add(now - TimeUnit.SECONDS.toNanos(11));
        s.recentRestarts.add(now - TimeUnit.SECONDS.toNanos(9));
        s.recentRestarts.add(now);
        assertEquals(2, s.restartsInPeriod(now));
        assertEquals(2, s.recentRestarts.size());
    }

    @Test
    void aNewServiceIsListedStoppedWithItsPolicy() throws Exception {
        Service s = new Service(Manifest.parseSection("t", "[x]\nmodule = a.b\nmain = a.B\nrestart = never\n"));
        assertEquals(new ServiceInfo("x", 0, "stopped", 0, "", 0, "never"), s.info());
    }
}
