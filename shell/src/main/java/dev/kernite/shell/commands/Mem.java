package dev.kernite.shell.commands;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.runtime.Result;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.text.Format;
import dev.kernite.shell.text.Table;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code mem}: dataspace memory — each running process's quota, what it uses and how many dataspaces it owns; with
 * a pid or name, every dataspace capability that process owns or holds.
 *
 * <pre>
 *     PID  NAME   QUOTA   USED   FREE  DATASPACES
 *   41277  blk      64M   1.0M    63M           2
 *
 *   ID  OWNER       HOLDER      OFFSET   SIZE  RIGHTS           GRANTS  DMA
 *   17  blk[41277]  blk[41277]       0   1.0M  read|write|grant      1    1
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Mem implements Command {
    @Override public String name() { return "mem"; }

    @Override public String usage() { return "mem [PID|NAME]"; }

    @Override public String summary() { return "dataspace quotas and use per process; with a process, its dataspaces"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (args.size() > 1) return ctx.usage(this);
        Result<List<ProcessInfo>> procs = ctx.system().processes();
        if (!procs.ok()) {
            ctx.error("mem: process table: " + Explain.status(procs.status()));
            return Outcome.CONTINUE;
        }
        List<ProcessInfo> running = procs.value().stream().filter(p -> !p.state().equals("exited")).toList();
        if (args.isEmpty()) {
            quotas(running).print(ctx.out());
            return Outcome.CONTINUE;
        }
        List<ProcessInfo> match = running.stream().filter(p -> args.getFirst().equals(Integer.toString(p.pid())) || args.getFirst().equals(p.name())).toList();
        if (match.size() != 1) {
            ctx.error("mem: " + (match.isEmpty() ? "no running process '" + args.getFirst() + "'" : "'" + args.getFirst() + "' names " + match.size() + " processes; give a pid"));
            return Outcome.CONTINUE;
        }
        Result<List<DataspaceInfo>> ds = ctx.system().dataspaces();
        if (!ds.ok()) {
            ctx.error("mem: dataspace table: " + Explain.status(ds.status()));
            return Outcome.CONTINUE;
        }
        int pid = match.getFirst().pid();
        dataspaces(ds.value().stream().filter(d -> d.ownerPid() == pid || d.holderPid() == pid).toList(), procs.value()).print(ctx.out());
        return Outcome.CONTINUE;
    }

    static Table quotas(List<ProcessInfo> procs) {
        Table t = new Table(Table.right("PID"), Table.left("NAME"), Table.right("QUOTA"), Table.right("USED"), Table.right("FREE"),
            Table.right("DATASPACES"));
        for (ProcessInfo p : procs) {
            t.row(p.pid(), p.name(), Format.bytes(p.memoryQuota()), Format.bytes(p.memoryUsed()),
                Format.bytes(Math.max(0, p.memoryQuota() - p.memoryUsed())), p.dataspaces());
        }
        return t;
    }

    static Table dataspaces(List<DataspaceInfo> rows, List<ProcessInfo> procs) {
        Map<Integer, String> names = procs.stream().collect(Collectors.toMap(ProcessInfo::pid, ProcessInfo::name, (a, b) -> a));
        Table t = new Table(Table.right("ID"), Table.left("OWNER"), Table.left("HOLDER"), Table.right("OFFSET"), Table.right("SIZE"),
            Table.left("RIGHTS"), Table.right("GRANTS"), Table.right("DMA"));
        for (DataspaceInfo d : rows) {
            t.row(d.id(), Ipc.end(d.ownerPid(), names), Ipc.end(d.holderPid(), names), d.offset(), Format.bytes(d.length()),
                Rights.toString(d.rights()), d.derived(), d.dmaMappings());
        }
        return t;
    }
}
