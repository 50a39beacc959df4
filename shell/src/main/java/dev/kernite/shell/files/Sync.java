package dev.kernite.shell.files;

import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/** {@code sync}: writes every cached change of every file system to its disk. Thread safety: stateless. */
public final class Sync extends FileCommand {
    @Override public String name() { return "sync"; }

    @Override public String usage() { return "sync"; }

    @Override public String summary() { return "write cached file-system changes to disk"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        check(ctx, "/", ctx.files().sync());
        return Outcome.CONTINUE;
    }

    @Override
    public List<String> candidates(List<String> before, Context ctx) { return List.of(); }
}
