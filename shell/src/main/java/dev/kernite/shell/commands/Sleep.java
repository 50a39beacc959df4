package dev.kernite.shell.commands;

import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.time.Duration;
import java.util.List;

/** {@code sleep SECONDS}: waits; fractions allowed, at most a day. Thread safety: stateless. */
public final class Sleep implements Command {
    private static final double MAX_SECONDS = 86_400;

    @Override public String name() { return "sleep"; }

    @Override public String usage() { return "sleep SECONDS"; }

    @Override public String summary() { return "wait (fractions allowed: sleep 0.5)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (args.size() != 1) return ctx.usage(this);
        double seconds = parse(args.getFirst());
        if (Double.isNaN(seconds)) {
            ctx.error("sleep: '" + args.getFirst() + "' is not a number of seconds from 0 to " + (long) MAX_SECONDS);
            return Outcome.CONTINUE;
        }
        try {
            ctx.sleeper().sleep(Duration.ofNanos(Math.round(seconds * 1e9)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.error("sleep: interrupted");
        }
        return Outcome.CONTINUE;
    }

    /** Seconds in [0, MAX_SECONDS], or NaN. */
    static double parse(String s) {
        if (!s.matches("[0-9]*\\.?[0-9]+|[0-9]+\\.")) return Double.NaN;
        double v = Double.parseDouble(s);
        return v <= MAX_SECONDS ? v : Double.NaN;
    }
}
