package dev.kernite.kernel;

import java.nio.file.Path;
import java.util.List;

/**
 * How a kernel runs: where its private run directory (control socket) lives, which module path and java binary
 * it starts processes with, the JVM flags every process gets, and where process output goes.
 *
 * @param runDir     private directory (created 0700 if missing, deleted at shutdown) for the control socket
 * @param modulePath the module path of every spawned process
 * @param java       the java launcher
 * @param jvmFlags   flags for every process (lean defaults: {@link #LEAN_FLAGS})
 * @param logDir     where each process's stdout and stderr go ({@code NAME-ID.log}); null to inherit the kernel's
 * @param aotDir     where per-module JDK AOT caches live ({@code MODULE.aot}); null to use none. The first process
 *                   of a module records one as it exits, later ones start from it.
 */
public record KernelConfig(Path runDir, List<Path> modulePath, Path java, List<String> jvmFlags, Path logDir, Path aotDir) {
    /** Flags that keep a service JVM small and quick to start while leaving the JIT at full strength. */
    public static final List<String> LEAN_FLAGS = List.of(
        "-XX:+UseSerialGC", "-Xss512k", "-XX:-UsePerfData", "-XX:ReservedCodeCacheSize=48m",
        "-XX:MaxMetaspaceSize=64m", "-XX:+IgnoreUnrecognizedVMOptions"); // CDS is on by default; -Xshare would forbid the AOT flags

    public KernelConfig {
        modulePath = List.copyOf(modulePath);
        jvmFlags = List.copyOf(jvmFlags);
    }

    /** A config with lean flags, the current java, and the given run directory and module path. */
    public static KernelConfig of(Path runDir, List<Path> modulePath, Path logDir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new KernelConfig(runDir, modulePath, java, LEAN_FLAGS, logDir, null);
    }

    public KernelConfig withJvmFlags(List<String> flags) {
        return new KernelConfig(runDir, modulePath, java, flags, logDir, aotDir);
    }

    public KernelConfig withAotDir(Path dir) {
        return new KernelConfig(runDir, modulePath, java, jvmFlags, logDir, dir);
    }
}
