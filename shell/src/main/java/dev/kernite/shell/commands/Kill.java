package dev.kernite.shell.commands;

import dev.kernite.abi.Status;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kill [-9] NAME|PID}: has rs kill a service's process (SIGTERM, or SIGKILL with {@code -9} / {@code -KILL});
 * rs then applies the service's restart policy, as it would for any crash.
 *
 * <p>Thread safety: stateless.
 */
public final class Kill implements Command {
    @Override public String name() { return "kill"; }

    @Override public String usage() { return "kill [-9] NAME|PID"; }

    @Override public String summary() { return "kill a service's process (rs restarts it by its policy)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        boolean force = !args.isEmpty() && (args.getFirst().equals("-9") || args.getFirst().equals("-KILL"));
        List<String> rest = force ? args.subList(1, args.size()) : args;
        if (rest.size() != 1 || rest.getFirst().startsWith("-")) return ctx.usage(this);
        String target = rest.getFirst();
        Status s = ctx.services().kill(target, force);
        if (s.isOk()) ctx.println(target + ": killed" + (force ? " (SIGKILL)" : ""));
        else ctx.error("kill " + target + ": " + Explain.status(s));
        return Outcome.CONTINUE;
    }

    @Override
    public List<String> candidates(List<String> before, Context ctx) {
        boolean forced = before.size() == 1 && before.getFirst().equals("-9");
        if (!before.isEmpty() && !forced) return List.of();
        List<String> out = new ArrayList<>();
        if (before.isEmpty()) out.add("-9");
        out.addAll(ctx.serviceNames());
        return out;
    }
}
