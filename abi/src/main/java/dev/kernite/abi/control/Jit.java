package dev.kernite.abi.control;

/**
 * When a process's JIT compiler starts compiling: a service on a data path wants its hot loops compiled within its
 * first requests, every other service wants a quick start. The kernel maps each value to JVM flags
 * ({@code KernelConfig}); a process cannot pass flags of its own.
 *
 * <p>Thread safety: immutable.
 */
public enum Jit {
    /**
     * The default: compile four times later than the JVM would ({@code KernelConfig.LEAN_FLAGS}). A boot runs much
     * code a few hundred times and compiling it would cost CPU the boot needs.
     */
    LATE(0),
    /**
     * Sooner than the JVM's own thresholds ({@code KernelConfig.EARLY_JIT_FLAGS}): for the servers on a data path
     * and their clients, whose per-request code would otherwise still be compiling after thousands of requests.
     */
    EARLY(1);

    /** The value on the wire. */
    public final int code;

    Jit(int code) { this.code = code; }

    /** The value with this wire code; throws IllegalArgumentException for an unknown one. */
    public static Jit of(int code) {
        for (Jit j : values()) if (j.code == code) return j;
        throw new IllegalArgumentException("unknown jit code " + code);
    }
}
