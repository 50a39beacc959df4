package dev.kernite.kernel.proc;

import dev.kernite.abi.control.Privileges;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.kernel.KernelConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts a process: a JVM running one module's main class, told where the kernel's control socket is and given
 * the one-time token it must present there. The token travels in the environment, not on the command line, so
 * other users cannot read it from {@code ps}.
 *
 * <p>Thread safety: thread-safe (immutable configuration).
 */
public final class Spawner {
    /** Environment variable naming the kernel's control socket. */
    public static final String ENV_CONTROL = "KERNITE_CONTROL";
    /** Environment variable holding the spawn token (16 hex digits). */
    public static final String ENV_TOKEN = "KERNITE_TOKEN";
    private static final int DEFAULT_HEAP_MIB = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KernelConfig config;
    private final Path socket;
    /** Modules whose AOT cache a running process is recording. */
    private final java.util.Set<String> training = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Spawner(KernelConfig config, Path socket) {
        this.config = config;
        this.socket = socket;
    }

    /** A fresh non-zero token. */
    public static long newToken() {
        long t;
        do { t = RANDOM.nextLong(); } while (t == 0);
        return t;
    }

    /** The full command line for a spec (exposed for logs and tests). */
    public List<String> command(ProcessSpec spec) {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.java().toString());
        cmd.addAll(config.jvmFlags());
        cmd.addAll(aotFlags(spec.module(), (spec.privileges() & Privileges.CONSOLE) != 0));
        cmd.add("-Xmx" + (spec.heapMiB() > 0 ? spec.heapMiB() : DEFAULT_HEAP_MIB) + "m");
        cmd.add("--enable-native-access=kernite.sys");
        cmd.add("-Dkernite.process=" + spec.name());
        cmd.add("-p");
        cmd.add(config.modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add("-m");
        cmd.add(spec.module() + "/" + spec.mainClass());
        cmd.addAll(spec.args());
        return cmd;
    }

    /**
     * The AOT cache flags for a module: use its cache when there is one; otherwise let exactly one process at a
     * time record it (written when that process exits). A cache that no longer matches the module path is
     * ignored by the JVM, and {@code ./kernite build} deletes them all. A process that owns the console never
     * records: the JVM reports a recording on its standard output as it exits, which would land on the terminal.
     */
    private List<String> aotFlags(String module, boolean console) {
        if (config.aotDir() == null) return List.of();
        Path cache = config.aotDir().resolve(module + ".aot");
        if (Files.isRegularFile(cache)) return List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off");
        if (console || !training.add(module)) return List.of();
        try {
            Files.createDirectories(config.aotDir());
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off", "-Xlog:cds=off");
    }

    public Process start(ProcessSpec spec, long token, int id) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(spec));
        pb.environment().put(ENV_CONTROL, socket.toString());
        pb.environment().put(ENV_TOKEN, HexFormat.of().toHexDigits(token));
        boolean console = (spec.privileges() & Privileges.CONSOLE) != 0;
        pb.redirectInput(console ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (console) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        } else if (config.logDir() != null) {
            File log = config.logDir().resolve(spec.name() + "-" + id + ".log").toFile();
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        return pb.start();
    }
}
