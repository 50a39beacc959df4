package dev.kernite.shell.files;

import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/** {@code umount DIRECTORY}: writes back and unmounts the file system mounted there. Thread safety: stateless. */
public final class Umount extends FileCommand {
    @Override public String name() { return "umount"; }

    @Override public String usage() { return "umount DIRECTORY"; }

    @Override public String summary() { return "unmount a file system"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (args.size() != 1) return ctx.usage(this);
        String dir = ctx.path(args.getFirst());
        check(ctx, dir, ctx.files().umount(dir));
        return Outcome.CONTINUE;
    }
}
