package dev.kernite.shell.commands;

import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.runtime.Result;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.ServiceControl.Service;
import dev.kernite.shell.text.Format;
import dev.kernite.shell.text.Table;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code ps}: the kernel's process table joined with rs's service table.
 *
 * <pre>
 *     PID  NAME   STATE    THREADS    MEM   DATA  RESTARTS  UPTIME
 *   41230  init   running       14    38M     0K         -   3m12s
 *   41277  blk    running       12    31M   1.0M         1     42s
 *       -  cache  failed         -      -      -         5       -
 * </pre>
 *
 * MEM is the process's resident memory as the host counts it; DATA is the dataspace memory charged to its quota
 * ({@code mem} shows the quotas and the dataspaces themselves).
 *
 * A process is matched to the service whose current pid it has (RESTARTS is {@code -} for processes rs does not
 * run); a service without a live process gets a row of its own with rs's state. The kernel keeps exited
 * processes in its table; they are left out unless {@code -a} is given. Without rs the table still shows every
 * process, and one error line says why the services are missing.
 *
 * <p>Thread safety: stateless.
 */
public final class Ps implements Command {
    private static final String EXITED = "exited";

    @Override public String name() { return "ps"; }

    @Override public String usage() { return "ps [-a]"; }

    @Override public String summary() { return "processes with their threads, memory, restarts and uptime (-a: exited ones too)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        boolean all = args.equals(List.of("-a"));
        if (!args.isEmpty() && !all) return ctx.usage(this);
        Result<List<ProcessInfo>> procs = ctx.system().processes();
        if (!procs.ok()) {
            ctx.error("ps: process table: " + Explain.status(procs.status()));
            return Outcome.CONTINUE;
        }
        Result<List<Service>> services = ctx.services().list();
        List<ProcessInfo> shown = all ? procs.value() : procs.value().stream().filter(p -> !p.state().equals(EXITED)).toList();
        table(shown, services.ok() ? services.value() : List.of(), ctx.system().nowMillis()).print(ctx.out());
        if (!services.ok()) ctx.error("ps: service table: " + Explain.status(services.status()));
        return Outcome.CONTINUE;
    }

    /** The table for these rows, with uptimes as of {@code now} (epoch ms). */
    static Table table(List<ProcessInfo> procs, List<Service> services, long now) {
        Map<Integer, Service> byPid = services.stream().filter(s -> s.pid() > 0)
            .collect(Collectors.toMap(Service::pid, Function.identity(), (a, b) -> a));
        Table t = new Table(Table.right("PID"), Table.left("NAME"), Table.left("STATE"), Table.right("THREADS"),
            Table.right("MEM"), Table.right("DATA"), Table.right("RESTARTS"), Table.right("UPTIME"));
        Set<Integer> live = new HashSet<>();
        for (ProcessInfo p : procs.stream().sorted(Comparator.comparingInt(ProcessInfo::pid)).toList()) {
            Service s = byPid.get(p.pid());
            live.add(p.pid());
            t.row(p.pid(), p.name(), p.state(), p.threads(), Format.kib(p.rssKiB()), p.state().equals(EXITED) ? null : Format.bytes(p.memoryUsed()),
                s == null ? null : s.restarts(), p.startedMillis() > 0 ? Format.duration(now - p.startedMillis()) : null);
        }
        for (Service s : services) {
            if (!live.contains(s.pid())) t.row(null, s.name(), s.state(), null, null, null, s.restarts(), null);
        }
        return t;
    }
}
