package dev.kernite.shell.commands;

import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.runtime.Result;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.text.Format;
import java.util.List;

/**
 * {@code uptime}: how long the system has run (since its oldest process started — init, which the kernel starts
 * first), how many processes and threads it has, and the host's load averages.
 *
 * <pre>
 *   up 3m12s, 6 processes, 81 threads, load average: 0.12 0.08 0.03
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Uptime implements Command {
    @Override public String name() { return "uptime"; }

    @Override public String usage() { return "uptime"; }

    @Override public String summary() { return "how long the system has run, and the load"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        Result<List<ProcessInfo>> procs = ctx.system().processes();
        if (!procs.ok()) {
            ctx.error("uptime: process table: " + Explain.status(procs.status()));
            return Outcome.CONTINUE;
        }
        ctx.println(line(procs.value(), ctx.system().nowMillis(), ctx.system().loadAverage().orElse(null)));
        return Outcome.CONTINUE;
    }

    static String line(List<ProcessInfo> procs, long now, String load) {
        long oldest = procs.stream().mapToLong(ProcessInfo::startedMillis).filter(t -> t > 0).min().orElse(now);
        int threads = procs.stream().mapToInt(ProcessInfo::threads).sum();
        return "up " + Format.duration(now - oldest) + ", " + procs.size() + (procs.size() == 1 ? " process, " : " processes, ")
            + threads + " threads" + (load == null ? "" : ", load average: " + load);
    }
}
