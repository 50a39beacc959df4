package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kernite.abi.device.NetLayout;
import dev.kernite.machine.net.NetDevice;
import dev.kernite.machine.net.TapBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real TAP device (root only; skipped otherwise): the kernel's network device on it, the TAP moved into a network
 * namespace this test creates, where Linux has 10.77.0.1/24. The NIC driver's client asks by ARP who has 10.77.0.1
 * and Linux answers. The namespace and the TAP device are gone afterwards, also when the test fails.
 */
@Timeout(180)
class TapSystemTest {
    private static final String NS = "kernite-test-" + ProcessHandle.current().pid();
    private static final String TAP = "kntap" + ProcessHandle.current().pid() % 100000;

    @Test
    void linuxAnswersAnArpRequestFromKernite() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/net/tun")) && "root".equals(System.getProperty("user.name")), "needs root and /dev/net/tun");
        TestSystem sys = new TestSystem();
        try {
            NetDevice net = new NetDevice("net0", NetDevice.kerniteMac(0), NetLayout.DEFAULT_MTU,
                NetDevice.Provisioning.of("10.77.0.2/24", "10.77.0.1/24"), TapBackend.create(TAP, null, NetLayout.DEFAULT_MTU));
            int device = sys.kernel.attach(net);
                ip("netns", "add", NS);
                ip("link", "set", TAP, "netns", NS);
                ip("-n", NS, "addr", "add", "10.77.0.1/24", "dev", TAP);
                ip("-n", NS, "link", "set", TAP, "up");
                sys.names();
                NicSystemTest.driver(sys, "nic", device, "net0");
                sys.awaitLine("nic", "^nic: net0 up", Duration.ofSeconds(60));
                sys.register("nic", "nic");
                NicSystemTest.load(sys, "arp", "arp", "nic");
                Matcher m = sys.awaitLine("arp", "^RESULT arp (\\S+)$", Duration.ofSeconds(60));
                assertNotEquals("none", m.group(1), sys.log("arp"));
                assertTrue(ip("-n", NS, "link", "show", TAP).contains(m.group(1)), "the answer names the TAP's MAC: " + m.group(1));
        } finally {
            sys.close(); // closes the device: the host removes the TAP (now in the namespace)
            ipQuietly("netns", "del", NS);
        }
        assertFalse(ipQuietly("link", "show", TAP).contains(TAP + ":"), "TAP device left behind");
        assertFalse(ipQuietly("netns", "list").contains(NS), "namespace left behind");
    }

    private static String ip(String... args) throws Exception {
        String out = ipQuietly(args);
        if (out.startsWith("FAILED")) fail("ip " + String.join(" ", args) + ": " + out);
        return out;
    }

    private static String ipQuietly(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(concat(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? out : "FAILED " + out;
    }

    private static List<String> concat(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        return cmd;
    }

}
