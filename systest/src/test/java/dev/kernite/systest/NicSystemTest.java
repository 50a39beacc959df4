package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.device.NetLayout;
import dev.kernite.machine.net.NetDevice;
import dev.kernite.machine.net.NetStats;
import dev.kernite.machine.net.WireBackend;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two network devices joined by an in-memory wire in one kernel, each driven by a real NIC driver process; a
 * client of one sends checksummed frames across, a client of the other sends each back. No root needed.
 */
@Timeout(180)
class NicSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void framesCrossTheWireBetweenTwoDriversAndComeBack() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            WireBackend[] wire = WireBackend.pair();
            NetDevice a = new NetDevice("net0", NetDevice.kerniteMac(0), NetLayout.DEFAULT_MTU,
                NetDevice.Provisioning.of("10.77.0.2/24", "10.77.0.1/24"), wire[0]);
            NetDevice b = new NetDevice("net1", NetDevice.kerniteMac(1), NetLayout.DEFAULT_MTU, NetDevice.Provisioning.NONE, wire[1]);
            int da = sys.kernel.attach(a), db = sys.kernel.attach(b);
            sys.names();
            driver(sys, "nic0", da, "net0");
            driver(sys, "nic1", db, "net1");
            sys.awaitLine("nic0", "^nic: net0 up, MAC 02:4b:4e:00:00:00, MTU 1500, link up", WAIT);
            sys.awaitLine("nic1", "^nic: net1 up", WAIT);
            sys.register("nic0", "nic0");
            sys.register("nic1", "nic1");
            load(sys, "reflect", "reflect", "nic1");
            load(sys, "ping", "ping", "nic0", "2000");
            Matcher m = sys.awaitLine("ping", "^RESULT ping (\\d+) (\\d+) (\\d+)$", WAIT);
            System.out.println("nic ping: " + m.group() + "; net0 " + a.stats());
            assertEquals("2000", m.group(1), "sent");
            assertTrue(Long.parseLong(m.group(2)) >= 1990, "received back (a few may be dropped, as on Ethernet): " + m.group());
            assertEquals("0", m.group(3), "corrupted frames");
            NetStats s = a.stats();
            assertEquals(0, s.txBadChain() + s.rxBadChain() + s.transport().internalErrors() + s.transport().queueFaults());
            assertEquals(0, sys.kernel.iommuFaults("net0") + sys.kernel.iommuFaults("net1"));
        }
    }

    static void driver(TestSystem sys, String endpoint, int device, String deviceName) {
        sys.spawn(new ProcessSpec(endpoint, "kernite.nic", "dev.kernite.nic.NicDriver", List.of("--endpoint", endpoint), 0, 32,
            List.of(endpoint), List.of(new ProcessSpec.Grant(device, Rights.USE, deviceName))));
    }

    static void load(TestSystem sys, String name, String... args) {
        sys.spawn(new ProcessSpec(name, "kernite.nic", "dev.kernite.nic.NicLoad", List.of(args), 0, 32, List.of(),
            List.of(new ProcessSpec.Grant(sys.kernel.endpoint("names").orElseThrow(), Rights.SEND, "names"))));
    }
}
