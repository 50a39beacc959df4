package dev.kernite.bench.host;

/**
 * Runs a cleanup action from a JVM shutdown hook if the bench JVM exits (Ctrl-C, SIGTERM) while a resource is
 * held; {@link #close()} unregisters it once the owner has cleaned up normally.
 *
 * <p>Thread safety: thread safe; the hook may run concurrently with {@link #close()} during shutdown, so the
 * action must tolerate running after (or while) the owner cleans up.
 */
final class ShutdownGuard implements AutoCloseable {

    private final Thread hook;

    private ShutdownGuard(Thread hook) {
        this.hook = hook;
    }

    /** Registers {@code action} to run at JVM shutdown until the returned guard is closed. */
    static ShutdownGuard register(String name, Runnable action) {
        Thread hook = Thread.ofPlatform().name(name).unstarted(action);
        Runtime.getRuntime().addShutdownHook(hook);
        return new ShutdownGuard(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; nothing left to unregister
        }
    }
}
