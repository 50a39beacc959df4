package dev.kernite.shell.commands;

import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.text.Table;
import java.util.List;

/** {@code help [COMMAND]}: the command table, or one command's usage. Thread safety: stateless. */
public final class Help implements Command {
    @Override public String name() { return "help"; }

    @Override public String usage() { return "help [COMMAND]"; }

    @Override public String summary() { return "list the commands, or show how to use one"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (args.size() > 1) return ctx.usage(this);
        if (args.size() == 1) return one(args.getFirst(), ctx);
        Table t = new Table(Table.left("COMMAND"), Table.left("WHAT IT DOES"));
        for (Command c : ctx.commands().all()) t.row(c.usage(), c.summary());
        t.print(ctx.out());
        return Outcome.CONTINUE;
    }

    private static Outcome one(String name, Context ctx) {
        var c = ctx.commands().find(name);
        if (c.isEmpty()) ctx.error("help: unknown command '" + name + "'");
        else ctx.println("usage: " + c.get().usage() + "\n  " + c.get().summary());
        return Outcome.CONTINUE;
    }

    @Override
    public List<String> candidates(List<String> before, Context ctx) {
        return before.isEmpty() ? ctx.commands().names() : List.of();
    }
}
