package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/**
 * {@code mkdir [-p] PATH...}: makes directories (mode 0755); {@code -p} makes missing parents too and is quiet
 * about directories that already exist.
 *
 * <p>Thread safety: stateless.
 */
public final class Mkdir extends FileCommand {
    private static final int MODE = 0755;

    @Override public String name() { return "mkdir"; }

    @Override public String usage() { return "mkdir [-p] PATH..."; }

    @Override public String summary() { return "make directories (-p: with their parents)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        Parsed p = parse(args, "p");
        if (p.bad() != null) return badOption(ctx, p.bad());
        if (p.operands().isEmpty()) return ctx.usage(this);
        for (String typed : p.operands()) {
            String path = ctx.path(typed);
            if (!p.has('p')) {
                check(ctx, path, ctx.files().mkdir(path, MODE));
                continue;
            }
            StringBuilder prefix = new StringBuilder();
            for (String part : path.substring(1).split("/")) {
                if (part.isEmpty()) continue;
                prefix.append('/').append(part);
                FsResult<Void> r = ctx.files().mkdir(prefix.toString(), MODE);
                if (!r.ok() && r.error() != FsError.EEXIST && !check(ctx, prefix.toString(), r)) break;
            }
        }
        return Outcome.CONTINUE;
    }
}
