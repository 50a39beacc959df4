package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess;
import java.util.List;

/** {@code cd [DIRECTORY]}: changes the working directory ("/" when none is given). Thread safety: stateless. */
public final class Cd extends FileCommand {
    @Override public String name() { return "cd"; }

    @Override public String usage() { return "cd [DIRECTORY]"; }

    @Override public String summary() { return "change the working directory"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (args.size() > 1) return ctx.usage(this);
        String dir = args.isEmpty() ? "/" : ctx.path(args.getFirst());
        FsResult<FileAccess.Info> i = ctx.files().stat(dir);
        if (!check(ctx, dir, i)) return Outcome.CONTINUE;
        if (i.value().type() != FileAccess.Type.DIRECTORY) fail(ctx, dir, FsError.ENOTDIR);
        else ctx.cwd().set(dir);
        return Outcome.CONTINUE;
    }
}
