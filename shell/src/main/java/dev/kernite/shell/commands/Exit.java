package dev.kernite.shell.commands;

import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/**
 * {@code exit}: ends the session. The shell is the session service, so rs then shuts the system down.
 * Thread safety: stateless.
 */
public final class Exit implements Command {
    @Override public String name() { return "exit"; }

    @Override public String usage() { return "exit"; }

    @Override public String summary() { return "end the session (the system shuts down)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        return args.isEmpty() ? Outcome.END : ctx.usage(this);
    }
}
