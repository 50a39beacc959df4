package dev.kernite.shell.files;

import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/** {@code pwd}: prints the working directory. Thread safety: stateless. */
public final class Pwd extends FileCommand {
    @Override public String name() { return "pwd"; }

    @Override public String usage() { return "pwd"; }

    @Override public String summary() { return "print the working directory"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        ctx.println(ctx.cwd().path());
        return Outcome.CONTINUE;
    }

    @Override
    public List<String> candidates(List<String> before, Context ctx) { return List.of(); }
}
