package dev.kernite.shell.files;

import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.util.List;

/**
 * {@code mv SOURCE TARGET} or {@code mv SOURCE... DIRECTORY}: renames (within one mounted file system; across two
 * the file server answers EXDEV).
 *
 * <p>Thread safety: stateless.
 */
public final class Mv extends FileCommand {
    @Override public String name() { return "mv"; }

    @Override public String usage() { return "mv SOURCE TARGET | mv SOURCE... DIRECTORY"; }

    @Override public String summary() { return "move or rename files and directories"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        Parsed p = parse(args, "");
        if (p.bad() != null) return badOption(ctx, p.bad());
        if (p.operands().size() < 2) return ctx.usage(this);
        Targets.each(this, ctx, p.operands(), (from, to) -> check(ctx, from, ctx.files().rename(from, to)));
        return Outcome.CONTINUE;
    }
}
