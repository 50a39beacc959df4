package dev.kernite.shell.files;

import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/** {@code rmdir PATH...}: removes empty directories. Thread safety: stateless. */
public final class Rmdir extends FileCommand {
    @Override public String name() { return "rmdir"; }

    @Override public String usage() { return "rmdir PATH..."; }

    @Override public String summary() { return "remove empty directories"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        return eachPath(args, ctx, path -> check(ctx, path, ctx.files().rmdir(path)));
    }
}
