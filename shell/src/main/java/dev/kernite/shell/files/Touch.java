package dev.kernite.shell.files;

import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/** {@code touch PATH...}: creates empty files, or sets existing ones' times to now. Thread safety: stateless. */
public final class Touch extends FileCommand {
    @Override public String name() { return "touch"; }

    @Override public String usage() { return "touch PATH..."; }

    @Override public String summary() { return "create empty files, or update their times"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        return eachPath(args, ctx, path -> check(ctx, path, ctx.files().touch(path)));
    }
}
