package dev.kernite.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.control.Jit;
import dev.kernite.abi.control.Privileges;
import dev.kernite.runtime.rs.Manifest;
import dev.kernite.runtime.rs.RestartPolicy;
import dev.kernite.runtime.rs.ServiceDescriptor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest {@code ./kernite} boots from is valid and means what the docs say. */
class ShippedManifestTest {
    private static final Path SHIPPED = Path.of("../../etc/boot.manifest");

    @Test
    void theShippedManifestBootsNamesFirstAndTheShellLast() throws Exception {
        Manifest m = Manifest.load(SHIPPED);
        List<List<String>> waves = m.bootWaves().stream().map(w -> w.stream().map(ServiceDescriptor::name).toList()).toList();
        assertEquals("names", waves.getFirst().getFirst());
        assertTrue(waves.getLast().contains("shell"), "the shell starts in the last wave (httpd, which needs the netstack, may share it): " + waves);
        ServiceDescriptor shell = m.session().orElseThrow();
        assertEquals("shell", shell.name());
        assertEquals(Privileges.INSPECT | Privileges.CONSOLE, shell.privileges());
        assertEquals(RestartPolicy.Mode.NEVER, shell.restart().mode());
        assertTrue(shell.grants().contains("rs"));
        assertTrue(!shell.heartbeat().enabled());
        for (ServiceDescriptor d : m.services()) {
            assertTrue((d.privileges() & ~(Init.RS_PRIVILEGES)) == 0, d.name() + " asks for more than rs holds");
        }
    }

    /**
     * The file and network paths compile early; everything else late, which keeps the boot quick
     * (KernelConfig.LEAN_FLAGS). nic and net start only on a machine with a network device.
     */
    @Test
    void onlyTheFileAndNetworkPathsCompileEarly() throws Exception {
        java.util.Set<String> early = java.util.Set.of("fs", "blk", "nic", "net");
        for (ServiceDescriptor d : Manifest.load(SHIPPED).services()) {
            assertEquals(early.contains(d.name()) ? Jit.EARLY : Jit.LATE, d.jit(), d.name());
        }
    }
}
