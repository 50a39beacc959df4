package dev.kernite.shell.commands;

import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/** {@code echo ARGS...}: prints its arguments, one space apart. Thread safety: stateless. */
public final class Echo implements Command {
    @Override public String name() { return "echo"; }

    @Override public String usage() { return "echo [WORD...]"; }

    @Override public String summary() { return "print the words"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        ctx.println(String.join(" ", args));
        return Outcome.CONTINUE;
    }
}
