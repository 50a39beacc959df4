package dev.kernite.kernel;

import dev.kernite.abi.control.Jit;
import dev.kernite.kernel.proc.AotCache;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a kernel runs: where its private run directory (control socket) lives, which module path and java binary
 * it starts processes with, the JVM flags every process gets, and where process output goes.
 *
 * @param runDir     private directory (created 0700 if missing, deleted at shutdown) for the control socket
 * @param modulePath the module path of every spawned process
 * @param java       the java launcher
 * @param jvmFlags   flags for every process (lean defaults: {@link #LEAN_FLAGS}); {@link #EARLY_JIT_FLAGS} follow them
 *                   for a process that asks for them
 * @param logDir     where each process's stdout and stderr go ({@code NAME-ID.log}); null to inherit the kernel's
 * @param aotDir     where per-module JDK AOT caches live ({@code MODULE.aot}); null to use none. The first process
 *                   of a module records one as it exits, later ones start from it ({@code proc.AotCache}).
 */
public record KernelConfig(Path runDir, List<Path> modulePath, Path java, List<String> jvmFlags, Path logDir, Path aotDir) {
    /**
     * Flags that keep a service JVM small and quick to start while leaving the JIT at full strength. CDS is on by
     * default (-Xshare would forbid the AOT flags). The JIT waits four times longer before compiling a method: at
     * start-up a JVM runs much code a few hundred times (the JDK spinning method handles for the host calls), and
     * compiling it cost a boot about a fifth of its CPU time on two cores; hot IPC loops still reach C2 within
     * a few milliseconds (bench ipc: no change).
     */
    public static final List<String> LEAN_FLAGS = List.of(
        "-XX:+UseSerialGC", "-Xss512k", "-XX:-UsePerfData", "-XX:ReservedCodeCacheSize=48m",
        "-XX:MaxMetaspaceSize=64m", "-XX:CompileThresholdScaling=4", "-XX:+IgnoreUnrecognizedVMOptions");

    /**
     * Added after {@link #jvmFlags} for a process whose spec asks for {@link Jit#EARLY}: compile at 0.3 of the
     * JVM's own thresholds (the last setting of a flag wins). The file server's request path then reaches C2 within
     * its first few hundred requests. At the JVM's own thresholds it got there after 5,000–15,000, and on 2 vCPUs
     * the C2 compiler taking a core then made one read pass in 6–12 of bench fs 3–6× slower (reads 0.18–0.71 of
     * the host); at 0.3 reads were 0.34–0.82 in 6 full runs, and the boot 1.24–1.32× of bare JVMs (1.16× before).
     * At 0.1 the quick bench's writes fell to 0.13 (the write-back compiled during the timed pass).
     */
    public static final List<String> EARLY_JIT_FLAGS = List.of("-XX:CompileThresholdScaling=0.3");

    private static final Comparator<Path> OWN_JARS_FIRST = Comparator
        .comparing((Path f) -> !f.getFileName().toString().startsWith("kernite-")).thenComparing(Comparator.naturalOrder());

    public KernelConfig {
        modulePath = List.copyOf(modulePath);
        jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * The module path this JVM runs with, as the list of modules to give every process: a directory of jars
     * (as {@code ./kernite} uses) becomes its jars, Kernite's own first, then the rest (JLine), each in name
     * order; a jar or an exploded module stays as it is. Order matters to look-ups: a {@code ModuleFinder} reads
     * the path's entries in order until it meets the module asked for, and JLine, an automatic module, must be
     * read entry by entry (775 of them) — init and rs look up every service's module as they boot.
     */
    public static List<Path> currentModulePath() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("jdk.module.path", "").split(File.pathSeparator)) {
            if (e.isEmpty()) continue;
            Path p = Path.of(e);
            if (Files.isDirectory(p) && !Files.exists(p.resolve("module-info.class"))) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".jar")).sorted(OWN_JARS_FIRST).forEach(out::add);
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot list the module directory " + p, ex);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** A config with lean flags, the current java, and the given run directory and module path. */
    public static KernelConfig of(Path runDir, List<Path> modulePath, Path logDir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new KernelConfig(runDir, modulePath, java, LEAN_FLAGS, logDir, null);
    }

    /**
     * The JVM flags a launcher ({@code bench boot}; {@code ./kernite} says the same in shell) starts the kernel's
     * own JVM with: from its AOT cache in {@code aotDir}, or recording one, which a later boot assembles as it shuts
     * down ({@link dev.kernite.kernel.proc.AotCache}).
     */
    public static List<String> kernelAotFlags(Path aotDir) {
        return AotCache.launchFlags(aotDir, AotCache.KERNEL_MODULE);
    }

    public KernelConfig withAotDir(Path dir) {
        return new KernelConfig(runDir, modulePath, java, jvmFlags, logDir, dir);
    }
}
