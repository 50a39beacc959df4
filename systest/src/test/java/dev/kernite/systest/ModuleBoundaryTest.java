package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Services reach the kernel only through the ABI and the runtime. This holds the line with the real module
 * descriptors of the build: resolved as the kernel resolves them for a service, a service module cannot read the
 * kernel, and the host bindings are exported to no service.
 */
class ModuleBoundaryTest {
    private static final ModuleFinder FINDER = ModuleFinder.of(TestSystem.modulePath().toArray(Path[]::new));
    private static final Set<String> SERVICES = Set.of("kernite.echo", "kernite.probe", "kernite.names", "kernite.counter", "kernite.blk",
        "kernite.fs", "kernite.rs", "kernite.init", "kernite.shell");
    /** Libraries a service may use besides the runtime (the JDK's own modules always). */
    private static final Set<String> LIBRARIES = Set.of("org.jline", "kernite.ext2");

    @Test
    void theKernelExportsNothingToServices() {
        ModuleDescriptor kernel = descriptor("kernite.kernel");
        for (ModuleDescriptor.Exports e : kernel.exports()) {
            assertTrue(e.isQualified(), "kernel exports " + e.source() + " to everyone");
            assertTrue(e.targets().stream().noneMatch(SERVICES::contains), "kernel exports " + e.source() + " to a service");
        }
        assertTrue(kernel.opens().isEmpty(), "kernel opens packages");
    }

    @Test
    void hostBindingsAreForTheKernelRuntimeAndMachineOnly() {
        for (ModuleDescriptor.Exports e : descriptor("kernite.sys").exports()) {
            assertTrue(e.isQualified(), "sys exports " + e.source() + " to everyone");
            assertEquals(Set.of("kernite.kernel", "kernite.runtime", "kernite.machine", "kernite.bench"), e.targets());
        }
    }

    @Test
    void servicesDependOnlyOnTheRuntime() {
        for (String service : SERVICES) {
            Set<String> requires = descriptor(service).requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(n -> !n.startsWith("java.") && !n.startsWith("jdk.") && !LIBRARIES.contains(n)).collect(Collectors.toSet());
            assertEquals(Set.of("kernite.runtime"), requires, service + " requires");
        }
        Set<String> runtimeRequires = descriptor("kernite.runtime").requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertFalse(runtimeRequires.contains("kernite.kernel"), "the runtime must not depend on the kernel");
    }

    @Test
    void aResolvedServiceCannotReachKernelOrHostPackages() {
        for (String service : SERVICES) {
            if (descriptor(service).requires().stream().anyMatch(r -> LIBRARIES.contains(r.name()))) continue; // checked above
            Configuration cf = ModuleLayer.boot().configuration().resolve(FINDER, ModuleFinder.of(), List.of(service, "kernite.kernel"));
            ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
            Module svc = layer.findModule(service).orElseThrow();
            Module kernel = layer.findModule("kernite.kernel").orElseThrow();
            Module sys = layer.findModule("kernite.sys").orElseThrow();
            assertFalse(svc.canRead(kernel), service + " reads the kernel");
            assertFalse(svc.canRead(sys), service + " reads the host bindings");
            for (String pkg : kernel.getPackages()) assertFalse(kernel.isExported(pkg, svc), pkg + " is exported to " + service);
            for (String pkg : sys.getPackages()) assertFalse(sys.isExported(pkg, svc), pkg + " is exported to " + service);
            Module runtime = layer.findModule("kernite.runtime").orElseThrow();
            assertTrue(svc.canRead(runtime) && runtime.isExported("dev.kernite.runtime", svc), "the runtime is the way in");
        }
    }

    private static ModuleDescriptor descriptor(String name) {
        return FINDER.find(name).orElseThrow(() -> new AssertionError("module " + name + " not on the module path")).descriptor();
    }
}
