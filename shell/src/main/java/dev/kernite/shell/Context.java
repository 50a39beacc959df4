package dev.kernite.shell;

import dev.kernite.shell.sys.FileAccess;
import dev.kernite.shell.sys.NetAccess;
import dev.kernite.shell.sys.ServiceControl;
import dev.kernite.shell.sys.SystemInspector;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Everything a command may use: the command table, the system's tables, rs, the file system, the network and the
 * working directory, where output goes and how to sleep. The shell builds one for the real system; tests build one with
 * fakes.
 *
 * <p>Error lines all look alike — {@code kernite: <what>} — and go to {@code err}, which is the same stream as
 * output except while a command's output is redirected to a file ({@link #redirectedTo}), so a script or test
 * reading standard output sees them in order.
 *
 * <p>Thread safety: confined to the shell's one thread (the writer is not synchronized for line order).
 */
public record Context(CommandTable commands, SystemInspector system, ServiceControl services, FileAccess files,
                      WorkingDirectory cwd, PrintWriter out, PrintWriter err, Sleeper sleeper, NetAccess net) {
    /** Output and errors on one stream, the working directory at "/", no network. */
    public Context(CommandTable commands, SystemInspector system, ServiceControl services, FileAccess files, PrintWriter out,
                   Sleeper sleeper) {
        this(commands, system, services, files, out, sleeper, NetAccess.NONE);
    }

    /** Output and errors on one stream, the working directory at "/". */
    public Context(CommandTable commands, SystemInspector system, ServiceControl services, FileAccess files, PrintWriter out,
                   Sleeper sleeper, NetAccess net) {
        this(commands, system, services, files, new WorkingDirectory(), out, out, sleeper, net);
    }

    /** The same context with output going to {@code file} and errors still to the terminal. */
    public Context redirectedTo(PrintWriter file) {
        return new Context(commands, system, services, files, cwd, file, err, sleeper, net);
    }

    /** What the person typed as an absolute path, against the working directory. */
    public String path(String typed) { return cwd.resolve(typed); }

    /** Waits; replaceable so tests of {@code sleep} need not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** The real sleeper. */
    public static final Sleeper THREAD_SLEEP = Thread::sleep;

    /** Prints {@code kernite: <message>}. */
    public void error(String message) {
        err.println("kernite: " + message);
        err.flush();
    }

    /** Prints the usage line of {@code c} as an error; returns CONTINUE so a command can {@code return ctx.usage(this)}. */
    public Outcome usage(Command c) {
        error("usage: " + c.usage());
        return Outcome.CONTINUE;
    }

    public void println(String line) { out.println(line); }

    /** Names of the services rs knows, for completion; empty when rs does not answer. */
    public List<String> serviceNames() {
        var r = services.list();
        return r.ok() ? r.value().stream().map(ServiceControl.Service::name).toList() : List.of();
    }
}
