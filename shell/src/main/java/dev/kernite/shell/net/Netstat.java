package dev.kernite.shell.net;

import dev.kernite.runtime.net.NetClient;
import dev.kernite.runtime.net.SocketProtocol.SocketRow;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.text.Table;
import java.io.IOException;
import java.util.List;

/**
 * {@code netstat}: every socket of the netstack server, its owner, ends and TCP state.
 *
 * <pre>
 *   PROTO  LOCAL       REMOTE            STATE        PID
 *   tcp    *:80        *                 LISTEN       4121
 *   tcp    *:80        10.77.0.1:50312   ESTABLISHED  4121
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Netstat implements Command {
    @Override public String name() { return "netstat"; }

    @Override public String usage() { return "netstat"; }

    @Override public String summary() { return "sockets of the netstack: ends, TCP state and owner"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        try {
            table(ctx.net().sockets()).print(ctx.out());
        } catch (IOException e) {
            ctx.error("netstat: " + e.getMessage());
        }
        return Outcome.CONTINUE;
    }

    static Table table(List<SocketRow> rows) {
        Table t = new Table(Table.left("PROTO"), Table.left("LOCAL"), Table.left("REMOTE"), Table.left("STATE"), Table.right("PID"));
        for (SocketRow r : rows) {
            t.row(r.protocol() == 17 ? "udp" : "tcp", "*:" + r.localPort(),
                r.remoteAddress() == 0 ? "*" : NetClient.format(r.remoteAddress()) + ":" + r.remotePort(), r.protocol() == 17 ? "-" : r.stateName(), r.pid());
        }
        return t;
    }
}
