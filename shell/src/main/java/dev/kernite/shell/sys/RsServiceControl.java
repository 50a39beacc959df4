package dev.kernite.shell.sys;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.rs.RsClient;
import java.util.List;

/**
 * {@link ServiceControl} over rs's endpoint, through {@link RsClient}. rs is not restarted by anyone (init started
 * it and the session lives inside it), so a dead channel is reported, not repaired.
 *
 * <p>Thread safety: thread-safe as far as {@link RsClient} is; the shell uses it from one thread.
 */
public final class RsServiceControl implements ServiceControl {
    private final RsClient rs;

    private RsServiceControl(RsClient rs) {
        this.rs = rs;
    }

    /** Connects through the {@code rs} capability; without it every call answers ACCESS_DENIED, and when rs does not take the connection every call answers why. */
    public static ServiceControl connect(Env env) {
        if (env.capability(RsClient.CAPABILITY).isEmpty()) return ServiceControl.unavailable(Status.ACCESS_DENIED);
        Result<RsClient> r = RsClient.connect(env);
        return r.ok() ? new RsServiceControl(r.value()) : ServiceControl.unavailable(r.status());
    }

    @Override
    public Result<List<Service>> list() {
        Result<List<RsClient.ServiceInfo>> r = rs.list();
        if (!r.ok()) return Result.error(r.status());
        return Result.ok(r.value().stream().map(RsServiceControl::service).toList());
    }

    private static Service service(RsClient.ServiceInfo s) {
        return new Service(s.name(), s.pid(), s.state(), s.restarts(), s.lastExit(), s.startedMillis(), s.policy());
    }

    @Override public Status start(String nameOrSection) { return rs.start(nameOrSection); }

    @Override public Status stop(String name) { return rs.stop(name); }

    @Override public Status restart(String name) { return rs.restart(name); }

    @Override public Status kill(String nameOrPid, boolean force) { return rs.kill(nameOrPid, force); }

    @Override public Status shutdown() { return rs.shutdown(); }
}
