package dev.kernite.bench.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a {@link PingPongPeer} JVM: the same java binary as this JVM, some JVM options, and the same
 * module path (when the bench runs as a named module) or class path.
 *
 * <pre>
 *   named module:  java OPTIONS -p $jdk.module.path -m kernite.bench/dev.kernite.bench.host.PingPongPeer ARGS
 *   class path:    java OPTIONS -cp $java.class.path dev.kernite.bench.host.PingPongPeer ARGS
 * </pre>
 *
 * @param java       the java executable
 * @param jvmOptions options placed before the launch words, e.g. {@code -XX:+UseSerialGC}
 * @param launch     the words that name what to run: {@code -p PATH -m MODULE/CLASS} or {@code -cp PATH CLASS}
 *
 * <p>Thread safety: immutable.
 */
public record PeerLauncher(Path java, List<String> jvmOptions, List<String> launch) {

    /** JVM options for the peer by default: a small, quiet JVM that starts quickly. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xshare:auto");

    public PeerLauncher {
        jvmOptions = List.copyOf(jvmOptions);
        launch = List.copyOf(launch);
    }

    /** Launches like this JVM, with {@link #DEFAULT_JVM_OPTIONS}. */
    public static PeerLauncher current() {
        return current(DEFAULT_JVM_OPTIONS);
    }

    /**
     * Launches like this JVM, with {@code jvmOptions}.
     *
     * @throws IllegalStateException when this JVM runs the bench as a named module but has no module path
     */
    public static PeerLauncher current(List<String> jvmOptions) {
        return new PeerLauncher(currentJava(), jvmOptions, currentLaunch());
    }

    /** The full command that starts a peer with {@code peerArgs}. */
    public List<String> command(List<String> peerArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(launch);
        cmd.addAll(peerArgs);
        return cmd;
    }

    private static Path currentJava() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static List<String> currentLaunch() {
        Module module = PingPongPeer.class.getModule();
        String main = PingPongPeer.class.getName();
        if (!module.isNamed()) {
            return List.of("-cp", System.getProperty("java.class.path"), main);
        }
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null || modulePath.isEmpty()) {
            throw new IllegalStateException("the bench runs as module " + module.getName()
                    + " but this JVM has no module path (jdk.module.path); cannot start a peer JVM");
        }
        return List.of("-p", modulePath, "-m", module.getName() + "/" + main);
    }
}
