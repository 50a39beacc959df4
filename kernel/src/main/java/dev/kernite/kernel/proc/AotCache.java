package dev.kernite.kernel.proc;

import dev.kernite.kernel.KernelConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JDK AOT caches (JEP 483, 514) of a kernel's processes: one per module, {@code DIR/MODULE.aot}, holding its
 * classes loaded and linked and its module graph resolved, so a JVM reaches {@code main} in a third of the time.
 * They hold no method profiles (JEP 515, {@code -XX:-AOTRecordTraining}): replayed at start, those have the JIT
 * compile what was hot in the recording at once, in every process, and on two cores that costs a boot more than
 * the compiled code gains it (measured: about a quarter of the boot's CPU time).
 *
 * <p>A cache is made in two steps. The first process of a module that has none <em>records</em> (one at a time):
 * as it exits, its JVM writes what it loaded to {@code MODULE.aotconf}, silently — VM output is switched off, so a
 * console process may record too without printing on the terminal. {@link #assemble} then turns every recorded
 * configuration into its cache in a JVM of its own ({@code -XX:AOTMode=create}); {@code KernelMain} runs it when
 * the kernel has shut down, so no process outlives the kernel and a boot never waits for it. A cache is written
 * under a temporary name and renamed into place, and never rewritten: running JVMs map it.
 *
 * <p>The kernel's own JVM is started by its launcher ({@code ./kernite}, {@code bench boot}) with the same two
 * flag sets for {@code kernite.kernel}: its configuration is written as the kernel exits and assembled when the
 * next boot shuts down. A JVM ignores a cache made from other jars; {@link #prune} deletes such caches so they are
 * recorded again.
 *
 * <p>Thread safety: thread-safe.
 */
public final class AotCache {
    /** The module of the kernel's own JVM, whose cache its launcher uses. */
    public static final String KERNEL_MODULE = "kernite.kernel";
    private static final String CACHE = ".aot", CONFIG = ".aotconf", PART = ".aot.part-", RECORD = "-XX:AOTMode=record";
    /** Quiet: no warning for a cache made from other jars (it is ignored, then pruned), no report of a recording. */
    private static final List<String> QUIET = List.of("-Xlog:aot=off", "-Xlog:cds=off");
    private static final Duration ASSEMBLY_DEADLINE = Duration.ofSeconds(60);

    private final Path dir;
    /** Modules a live process is recording. */
    private final Set<String> recording = ConcurrentHashMap.newKeySet();

    public AotCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The flags for a new process of {@code module}: {@link #launchFlags}, except that only one process of a module
     * records at a time (call {@link #exited} when it is gone).
     */
    List<String> flags(String module) {
        List<String> f = launchFlags(dir, module);
        return records(f) && !recording.add(module) ? List.of() : f;
    }

    /** A process started with {@code flags} has exited: its module may be recorded again if it left nothing. */
    void exited(String module, List<String> flags) {
        if (records(flags)) recording.remove(module);
    }

    /**
     * The flags for a JVM of {@code module} with caches in {@code dir}: start from its cache; or record one when
     * there is neither a cache nor a recorded configuration; or none (a configuration waits to be assembled).
     */
    public static List<String> launchFlags(Path dir, String module) {
        Path cache = cache(dir, module);
        if (Files.isRegularFile(cache)) return Stream.concat(Stream.of("-XX:AOTCache=" + cache), QUIET.stream()).toList();
        if (Files.exists(config(dir, module))) return List.of();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return List.of();
        }
        return Stream.concat(Stream.of(RECORD, "-XX:AOTConfiguration=" + config(dir, module),
            "-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput", "-XX:-AOTRecordTraining"), QUIET.stream()).toList();
    }

    /** Whether this JVM records (its configuration, opened at start, is complete only once it has exited). */
    private static boolean recordingThisJvm() {
        return ProcessHandle.current().info().arguments().map(a -> List.of(a).contains(RECORD)).orElse(true);
    }

    private static boolean records(List<String> flags) {
        return flags.contains(RECORD);
    }

    /**
     * Deletes the caches and recorded configurations in {@code dir} that are older than a jar of the module path
     * (the JVM would ignore them, and nothing would record them again), and caches left half-written by a kernel
     * that was killed while it assembled them.
     */
    public static void prune(Path dir, List<Path> modulePath) {
        if (!Files.isDirectory(dir)) return;
        FileTime newest = modulePath.stream().map(AotCache::modified).max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
        for (Path f : listing(dir)) {
            String n = f.getFileName().toString();
            boolean stale = (n.endsWith(CACHE) || n.endsWith(CONFIG)) && modified(f).compareTo(newest) < 0;
            if (stale || (n.contains(PART) && !assemblerAlive(n))) deleteQuietly(f);
        }
    }

    /** Whether the kernel whose pid ends the name of a partial cache is still running (and may finish it). */
    private static boolean assemblerAlive(String partName) {
        try {
            long pid = Long.parseLong(partName.substring(partName.lastIndexOf(PART) + PART.length()));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Assembles every configuration recorded in {@code config.aotDir()} into its cache (two JVMs at a time, with
     * the flags and module path the processes run with), then deletes the configurations. Waits for them, at most
     * a minute; their output goes to {@code aot-MODULE.log} in the log directory. Tells {@code note} which modules
     * before it waits. Does nothing without an AOT directory.
     */
    public static void assemble(KernelConfig config, Consumer<String> note) {
        if (config.aotDir() == null || !Files.isDirectory(config.aotDir())) return;
        List<String> modules = listing(config.aotDir()).stream().map(f -> f.getFileName().toString())
            .filter(n -> n.endsWith(CONFIG)).map(n -> n.substring(0, n.length() - CONFIG.length()))
            .filter(m -> !m.equals(KERNEL_MODULE) || !recordingThisJvm()).sorted().toList();
        if (modules.isEmpty()) return;
        note.accept("assembling the AOT caches recorded so far (" + String.join(", ", modules) + ")");
        long deadline = System.nanoTime() + ASSEMBLY_DEADLINE.toNanos();
        List<Assembly> running = new ArrayList<>();
        for (String module : modules) {
            if (running.size() == 2) running.removeFirst().finish(deadline);
            Assembly a = new Assembly(config(config.aotDir(), module), cache(config.aotDir(), module),
                config.aotDir().resolve(module + PART + ProcessHandle.current().pid()));
            if (Files.exists(a.cache)) {
                deleteQuietly(a.conf);
                continue;
            }
            try {
                a.process = start(config, module, a);
                running.add(a);
            } catch (IOException e) {
                deleteQuietly(a.conf);
            }
        }
        while (!running.isEmpty()) running.removeFirst().finish(deadline);
    }

    /** One module's cache being assembled: written to {@code partial}, renamed to {@code cache} when complete. */
    private static final class Assembly {
        final Path conf, cache, partial;
        Process process;

        Assembly(Path conf, Path cache, Path partial) {
            this.conf = conf;
            this.cache = cache;
            this.partial = partial;
        }

        /** Waits for the assembling JVM (killed at the deadline), puts a complete cache in place, tidies up. */
        void finish(long deadline) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) process.destroyForcibly().waitFor();
                if (process.exitValue() == 0 && Files.size(partial) > 0) Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // no cache this time: the module records again
            }
            deleteQuietly(partial);
            deleteQuietly(conf);
        }
    }

    private static Process start(KernelConfig config, String module, Assembly a) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.java().toString());
        cmd.addAll(config.jvmFlags());
        cmd.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + a.conf, "-XX:AOTCache=" + a.partial,
            "--enable-native-access=kernite.sys", "-p",
            config.modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)), "-m", module));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (config.logDir() != null) pb.redirectOutput(config.logDir().resolve("aot-" + module + ".log").toFile());
        else pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static Path cache(Path dir, String module) { return dir.resolve(module + CACHE); }

    private static Path config(Path dir, String module) { return dir.resolve(module + CONFIG); }

    private static List<Path> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** When {@code f} was last modified; the epoch when it cannot be told (it is gone). */
    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // left for the next prune
        }
    }
}
