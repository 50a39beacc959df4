package dev.kernite.shell.net;

import dev.kernite.runtime.net.NetClient;
import dev.kernite.runtime.net.SocketProtocol.ArpRow;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.text.Table;
import java.io.IOException;
import java.util.List;

/**
 * {@code arp}: the netstack's ARP cache — each neighbour's address and MAC, or "(incomplete)" while asked for.
 *
 * <p>Thread safety: stateless.
 */
public final class Arp implements Command {
    @Override public String name() { return "arp"; }

    @Override public String usage() { return "arp"; }

    @Override public String summary() { return "the ARP cache: neighbours' addresses and MACs"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        try {
            Table t = new Table(Table.left("ADDRESS"), Table.left("MAC"));
            for (ArpRow r : ctx.net().arp()) t.row(NetClient.format(r.address()), r.mac() < 0 ? "(incomplete)" : NetClient.formatMac(r.mac()));
            t.print(ctx.out());
        } catch (IOException e) {
            ctx.error("arp: " + e.getMessage());
        }
        return Outcome.CONTINUE;
    }
}
