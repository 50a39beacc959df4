package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess;
import java.util.List;

/**
 * {@code rm [-r] [-f] PATH...}: removes files; {@code -r} removes directories with everything in them (it does
 * not follow symbolic links), {@code -f} is quiet about paths that do not exist.
 *
 * <p>Thread safety: stateless.
 */
public final class Rm extends FileCommand {
    @Override public String name() { return "rm"; }

    @Override public String usage() { return "rm [-r] [-f] PATH..."; }

    @Override public String summary() { return "remove files (-r: directories and their contents)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        Parsed p = parse(args, "rfR");
        if (p.bad() != null) return badOption(ctx, p.bad());
        if (p.operands().isEmpty()) return ctx.usage(this);
        boolean recursive = p.has('r') || p.has('R');
        for (String typed : p.operands()) {
            String path = ctx.path(typed);
            if (path.equals("/")) {
                ctx.error("rm: refusing to remove /");
                continue;
            }
            FsResult<FileAccess.Info> i = ctx.files().lstat(path);
            if (!i.ok()) {
                if (!(p.has('f') && i.error() == FsError.ENOENT)) fail(ctx, path, i.error());
            } else if (i.value().type() != FileAccess.Type.DIRECTORY) {
                check(ctx, path, ctx.files().unlink(path));
            } else if (!recursive) {
                ctx.error("rm: " + path + " is a directory (rm -r removes it with its contents, rmdir an empty one)");
            } else {
                removeTree(ctx, path);
            }
        }
        return Outcome.CONTINUE;
    }

    private boolean removeTree(Context ctx, String dir) {
        FsResult<List<FileAccess.Entry>> entries = ctx.files().entries(dir);
        if (!check(ctx, dir, entries)) return false;
        boolean all = true;
        for (FileAccess.Entry e : entries.value()) {
            String child = ShellPaths.child(dir, e.name());
            all &= e.type() == FileAccess.Type.DIRECTORY ? removeTree(ctx, child) : check(ctx, child, ctx.files().unlink(child));
        }
        return all && check(ctx, dir, ctx.files().rmdir(dir));
    }
}
