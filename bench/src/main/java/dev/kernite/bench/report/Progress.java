package dev.kernite.bench.report;

import java.io.PrintStream;

/**
 * Progress lines for long benchmark work, on stderr only, so that stdout carries nothing but results.
 *
 * <pre>
 * ipc: kernite round trip 3/5 …
 * ipc: Unix socket one-way 1/5 …
 * </pre>
 *
 * The ellipsis falls back to "..." when stderr's charset cannot encode it.
 *
 * <p>Thread safety: thread safe; each line is written whole under the lock of this object.
 */
public final class Progress {

    private final PrintStream err;
    private final String prefix;
    private final boolean enabled;
    private final String ellipsis;

    /** Progress for benchmark {@code name} (e.g. "ipc") on {@code err}; silent unless {@code enabled}. */
    public Progress(PrintStream err, String name, boolean enabled) {
        this.err = err;
        this.prefix = name + ": ";
        this.enabled = enabled;
        this.ellipsis = err.charset().newEncoder().canEncode('\u2026') ? "\u2026" : "...";
    }

    /** Progress for benchmark {@code name} on {@link System#err}. */
    public static Progress toStderr(String name) {
        return new Progress(System.err, name, true);
    }

    /** Progress that prints nothing (tests, embedding). */
    public static Progress silent() {
        return new Progress(System.err, "", false);
    }

    /** Prints "name: what step/total …". */
    public void step(String what, int step, int total) {
        line(what + " " + step + "/" + total + " " + ellipsis);
    }

    /** Prints "name: message". */
    public synchronized void line(String message) {
        if (enabled) {
            err.println(prefix + message);
            err.flush();
        }
    }
}
