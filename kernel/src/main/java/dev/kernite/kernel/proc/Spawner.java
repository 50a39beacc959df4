package dev.kernite.kernel.proc;

import dev.kernite.abi.control.Jit;
import dev.kernite.abi.control.Privileges;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.kernel.KernelConfig;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts a process: a JVM running one module's main class, told where the kernel's control socket is and given
 * the one-time token it must present there. The token travels in the environment, not on the command line, so
 * other users cannot read it from {@code ps}.
 *
 * <p>Thread safety: thread-safe (immutable configuration; {@link AotCache} is thread-safe).
 */
public final class Spawner {
    /** Environment variable naming the kernel's control socket. */
    public static final String ENV_CONTROL = "KERNITE_CONTROL";
    /** Environment variable holding the spawn token (16 hex digits). */
    public static final String ENV_TOKEN = "KERNITE_TOKEN";
    private static final int DEFAULT_HEAP_MIB = 64;
    /** The host's entropy pool, which SecureRandom reads on Linux too. */
    private static final String URANDOM = "/dev/urandom";

    private final KernelConfig config;
    private final Path socket;
    private final AotCache aot; // null: no AOT caches

    public Spawner(KernelConfig config, Path socket) {
        this.config = config;
        this.socket = socket;
        this.aot = config.aotDir() == null ? null : new AotCache(config.aotDir());
    }

    /**
     * A fresh non-zero token: 8 bytes from {@code /dev/urandom}, read directly because setting SecureRandom up
     * takes a fresh JVM about 10 ms (security providers), and the kernel's first spawn waits for it.
     */
    public static long newToken() {
        try (InputStream in = new FileInputStream(URANDOM)) {
            long t;
            do { t = ByteBuffer.wrap(in.readNBytes(Long.BYTES)).getLong(); } while (t == 0);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + URANDOM, e);
        }
    }

    /** The full command line for a spec, with {@code aotFlags} (see {@link AotCache}). */
    public List<String> command(ProcessSpec spec, List<String> aotFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.java().toString());
        cmd.addAll(config.jvmFlags());
        if (spec.jit() == Jit.EARLY) cmd.addAll(KernelConfig.EARLY_JIT_FLAGS);
        cmd.addAll(aotFlags);
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

    public Process start(ProcessSpec spec, long token, int id) throws IOException {
        List<String> aotFlags = aot == null ? List.of() : aot.flags(spec.module());
        ProcessBuilder pb = new ProcessBuilder(command(spec, aotFlags));
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
        Process p;
        try {
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            if (aot != null) aot.exited(spec.module(), aotFlags);
            throw e;
        }
        if (aot != null) p.onExit().thenRun(() -> aot.exited(spec.module(), aotFlags));
        return p;
    }
}
