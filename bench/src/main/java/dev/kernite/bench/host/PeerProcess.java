package dev.kernite.bench.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running {@link PingPongPeer} JVM, owned by the bench thread that started it.
 *
 * <p>Its stdout and stderr go to a temporary log file that {@link #failure} quotes. A watchdog kills the peer
 * when the run outlives its timeout, which turns a hung peer into an end of stream on the bench side. A shutdown
 * hook kills the peer if the bench JVM is interrupted. {@link #close()} kills the peer by its own handle (never
 * by name), waits for it to be gone, and deletes the log.
 *
 * <p>Thread safety: one owning thread calls every method; the watchdog and the shutdown hook touch only the
 * {@link Process}, which is thread safe, the volatile {@link #timedOut}, and (the hook) the log file, whose
 * deletion tolerates racing {@link #close()}.
 */
final class PeerProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final int LOG_TAIL_CHARS = 4000;

    private final Process process;
    private final Path log;
    private final Duration runTimeout;
    private final ShutdownGuard guard;
    private final Thread watchdog;
    private volatile boolean timedOut;

    private PeerProcess(Process process, Path log, Duration runTimeout) {
        this.process = process;
        this.log = log;
        this.runTimeout = runTimeout;
        this.guard = ShutdownGuard.register("kernite-bench-peer-kill", this::killAtShutdown);
        this.watchdog = Thread.ofPlatform().daemon().name("kernite-bench-peer-watchdog").start(this::watch);
    }

    /**
     * Starts a peer with {@code peerArgs}, to be killed if still running after {@code runTimeout}.
     *
     * @throws PeerFailedException when the JVM cannot be started at all
     */
    static PeerProcess start(PeerLauncher launcher, List<String> peerArgs, Duration runTimeout)
            throws IOException {
        Path log = Files.createTempFile("kernite-bench-peer-", ".log");
        List<String> command = launcher.command(peerArgs);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                p.getOutputStream().close(); // the peer reads nothing on stdin
                return new PeerProcess(p, log, runTimeout);
            } catch (IOException | RuntimeException e) {
                p.destroyForcibly();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(log);
            throw new PeerFailedException("cannot start the peer JVM: " + String.join(" ", command)
                    + ": " + e.getMessage(), e);
        }
    }

    /** The peer's process handle. */
    Process process() {
        return process;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * An exception describing {@code what} went wrong, with the peer's status and the tail of its output. Waits
     * briefly for a dying peer so that its exit status and last words are complete.
     */
    PeerFailedException failure(String what, Throwable cause) {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StringBuilder m = new StringBuilder(what);
        if (timedOut) {
            m.append("; the run exceeded its timeout of ").append(runTimeout.toSeconds()).append(" s");
        }
        m.append("; peer pid ").append(process.pid());
        m.append(process.isAlive() ? " still running" : " exited with status " + process.exitValue());
        m.append("; peer output:\n").append(logTail());
        return new PeerFailedException(m.toString(), cause);
    }

    /** Kills the peer, waits until it is gone, deletes its log. Idempotent. */
    @Override
    public void close() throws IOException {
        watchdog.interrupt();
        process.destroy();
        boolean interrupted = false;
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        interrupted |= waitUninterruptibly();
        guard.close();
        Files.deleteIfExists(log);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end, ignoring interrupts; returns whether one arrived. */
    private boolean waitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** The shutdown hook: the bench JVM is going away mid-run, so kill the peer and remove its log. */
    private void killAtShutdown() {
        process.destroyForcibly();
        try {
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            Files.deleteIfExists(log);
        } catch (InterruptedException | IOException e) {
            // the JVM is exiting; nothing better to do
        }
    }

    private void watch() {
        try {
            if (!process.waitFor(runTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            // close() stops the watchdog
        }
    }

    private String logTail() {
        try {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return "  (none)";
            }
            return text.length() <= LOG_TAIL_CHARS ? text : "  ..." + text.substring(text.length() - LOG_TAIL_CHARS);
        } catch (IOException e) {
            return "  (cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
