package dev.kernite.shell.commands;

import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.runtime.Result;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.text.Table;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ipc}: the kernel's channel table, with each end named {@code name[pid]} (just the pid once the process
 * is gone). Counts are messages ever published on each ring.
 *
 * <pre>
 *   ID  ENDPOINT  CLIENT        SERVER      STATE      REQUESTS  REPLIES
 *    7  rs        shell[41301]  rs[41250]   open             12       12
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Ipc implements Command {
    @Override public String name() { return "ipc"; }

    @Override public String usage() { return "ipc"; }

    @Override public String summary() { return "channels between processes, with message counts"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        Result<List<ChannelInfo>> channels = ctx.system().channels();
        if (!channels.ok()) {
            ctx.error("ipc: channel table: " + Explain.status(channels.status()));
            return Outcome.CONTINUE;
        }
        Result<List<ProcessInfo>> procs = ctx.system().processes();
        table(channels.value(), procs.ok() ? procs.value() : List.of()).print(ctx.out());
        return Outcome.CONTINUE;
    }

    static Table table(List<ChannelInfo> channels, List<ProcessInfo> procs) {
        Map<Integer, String> names = procs.stream()
            .collect(Collectors.toMap(ProcessInfo::pid, ProcessInfo::name, (a, b) -> a));
        Table t = new Table(Table.right("ID"), Table.left("ENDPOINT"), Table.left("CLIENT"), Table.left("SERVER"),
            Table.left("STATE"), Table.right("REQUESTS"), Table.right("REPLIES"));
        for (ChannelInfo c : channels) {
            t.row(c.id(), c.endpoint(), end(c.clientPid(), names), end(c.serverPid(), names), c.state(), c.requests(), c.replies());
        }
        return t;
    }

    static String end(int pid, Map<Integer, String> names) {
        String name = names.get(pid);
        return name == null ? Integer.toString(pid) : name + "[" + pid + "]";
    }
}
