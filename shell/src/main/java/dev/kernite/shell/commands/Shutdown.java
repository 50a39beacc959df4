package dev.kernite.shell.commands;

import dev.kernite.abi.Status;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/**
 * {@code shutdown}: asks rs to stop every service in reverse dependency order, then ends the session. When rs does
 * not answer the session ends all the same (its end shuts the system down too).
 * Thread safety: stateless.
 */
public final class Shutdown implements Command {
    @Override public String name() { return "shutdown"; }

    @Override public String usage() { return "shutdown"; }

    @Override public String summary() { return "stop every service and end the session"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        Status s = ctx.services().shutdown();
        if (s.isOk()) ctx.println("shutting down");
        else ctx.error("shutdown: " + Explain.status(s) + "; ending the session anyway");
        return Outcome.END;
    }
}
