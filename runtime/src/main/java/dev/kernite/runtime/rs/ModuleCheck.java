package dev.kernite.runtime.rs;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks before a spawn that a service's module and main class exist on the module path this process was started
 * with (the kernel gives every process the same one), so a typo in the manifest is a clear error at boot rather
 * than a JVM that dies at once and is restarted until it is marked failed.
 *
 * <p>Thread safety: immutable (the module path is read once).
 */
public final class ModuleCheck {
    private final ModuleFinder finder;

    private ModuleCheck(ModuleFinder finder) {
        this.finder = finder;
    }

    /** Checks against this process's module path ({@code jdk.module.path}); checks nothing when there is none. */
    public static ModuleCheck ofThisProcess() {
        String path = System.getProperty("jdk.module.path");
        if (path == null || path.isBlank()) return new ModuleCheck(null);
        return new ModuleCheck(ModuleFinder.of(Arrays.stream(path.split(File.pathSeparator)).map(Path::of).toArray(Path[]::new)));
    }

    /** Why {@code d} cannot be started from this module path, or empty when it can (or when it cannot be told). */
    public Optional<String> problem(ServiceDescriptor d) {
        if (finder == null) return Optional.empty();
        Optional<ModuleReference> ref = finder.find(d.module());
        if (ref.isEmpty()) return Optional.of("no module '" + d.module() + "' on the module path");
        try (ModuleReader r = ref.get().open()) {
            if (r.find(d.mainClass().replace('.', '/') + ".class").isEmpty()) {
                return Optional.of("module '" + d.module() + "' has no class '" + d.mainClass() + "'");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read module '" + d.module() + "': " + e.getMessage());
        }
    }
}
