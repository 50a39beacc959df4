package dev.kernite.shell;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Result;
import dev.kernite.shell.sys.ServiceControl;
import java.util.ArrayList;
import java.util.List;

/** A service table set by the test; records every control call as text ("kill echo force"). Not thread-safe. */
public final class FakeServices implements ServiceControl {
    public final List<Service> services = new ArrayList<>();
    public final List<String> calls = new ArrayList<>();
    public Status answer = Status.OK;   // what every control call returns
    public Status listFailure;          // when set, list answers with it

    public FakeServices service(String name, int pid, String state, int restarts, long startedMillis) {
        services.add(new Service(name, pid, state, restarts, "", startedMillis, "always"));
        return this;
    }

    @Override
    public Result<List<Service>> list() {
        return listFailure != null ? Result.error(listFailure) : Result.ok(List.copyOf(services));
    }

    @Override public Status start(String nameOrSection) { return call("start " + nameOrSection); }

    @Override public Status stop(String name) { return call("stop " + name); }

    @Override public Status restart(String name) { return call("restart " + name); }

    @Override public Status kill(String nameOrPid, boolean force) { return call("kill " + nameOrPid + (force ? " force" : "")); }

    @Override public Status shutdown() { return call("shutdown"); }

    private Status call(String what) {
        calls.add(what);
        return answer;
    }
}
