package dev.kernite.shell.sys;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Result;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the shell asks of the reincarnation server (rs): the service table, and starting, stopping, restarting and
 * killing services. Kept as an interface so the shell's commands can be tested without a running system; the
 * real one is {@link RsServiceControl}.
 *
 * <p>Errors are values ({@link Status}); a control whose server is unreachable answers every call with why.
 *
 * <p>Thread safety: implementations are used by the shell's one thread; they need not be thread-safe.
 */
public interface ServiceControl {
    /**
     * One service as rs knows it: its current pid (0 when not running), state, restarts so far, the reason of its
     * last exit, when it last started (epoch ms, 0 if never) and its restart policy.
     */
    record Service(String name, int pid, String state, int restarts, String lastExit, long startedMillis, String policy) { }

    Result<List<Service>> list();

    /** Starts a service named in the manifest, or a new one from the text of one manifest {@code [section]}. */
    Status start(String nameOrSection);

    Status stop(String name);

    Status restart(String name);

    /** Kills a service's process by service name or pid (decimal); rs then applies its restart policy. */
    Status kill(String nameOrPid, boolean force);

    /** Asks rs to stop everything and end the session. */
    Status shutdown();

    /**
     * A control that connects ({@code connect}) at its first call rather than now: the shell's prompt does not
     * wait for a channel to rs (a kernel call and a mapping, tens of milliseconds at start-up) that a session may
     * never use, and a command that uses it pays that once.
     */
    static ServiceControl onFirstUse(Supplier<ServiceControl> connect) {
        return new ServiceControl() {
            private ServiceControl control;

            private ServiceControl control() {
                if (control == null) control = connect.get();
                return control;
            }

            @Override public Result<List<Service>> list() { return control().list(); }
            @Override public Status start(String nameOrSection) { return control().start(nameOrSection); }
            @Override public Status stop(String name) { return control().stop(name); }
            @Override public Status restart(String name) { return control().restart(name); }
            @Override public Status kill(String nameOrPid, boolean force) { return control().kill(nameOrPid, force); }
            @Override public Status shutdown() { return control().shutdown(); }
        };
    }

    /** A control that answers everything with {@code why} (rs unreachable). */
    static ServiceControl unavailable(Status why) {
        return new ServiceControl() {
            @Override public Result<List<Service>> list() { return Result.error(why); }
            @Override public Status start(String nameOrSection) { return why; }
            @Override public Status stop(String name) { return why; }
            @Override public Status restart(String name) { return why; }
            @Override public Status kill(String nameOrPid, boolean force) { return why; }
            @Override public Status shutdown() { return why; }
        };
    }
}
