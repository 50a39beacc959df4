package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess;
import dev.kernite.shell.text.Table;
import java.util.List;

/**
 * {@code mount}: the mount table; {@code mount [-r] -t TYPE SOURCE DIRECTORY}: mounts a file system (for
 * example {@code mount -t tmpfs none /tmp}); {@code -r} read-only.
 *
 * <p>Thread safety: stateless.
 */
public final class Mount extends FileCommand {
    @Override public String name() { return "mount"; }

    @Override public String usage() { return "mount | mount [-r] -t TYPE SOURCE DIRECTORY"; }

    @Override public String summary() { return "show the mounted file systems, or mount one"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (args.isEmpty()) return list(ctx);
        boolean readOnly = false;
        String type = null;
        List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-r" -> readOnly = true;
                case "-t" -> {
                    if (i + 1 >= args.size()) return ctx.usage(this);
                    type = args.get(++i);
                }
                default -> rest.add(args.get(i));
            }
        }
        if (type == null || rest.size() != 2) return ctx.usage(this);
        String dir = ctx.path(rest.get(1));
        check(ctx, dir, ctx.files().mount(rest.get(0), type, dir, readOnly));
        return Outcome.CONTINUE;
    }

    private Outcome list(Context ctx) {
        FsResult<List<FileAccess.Mount>> mounts = ctx.files().mounts();
        if (!mounts.ok()) {
            fail(ctx, "mount table", mounts.error());
            return Outcome.CONTINUE;
        }
        Table t = new Table(Table.left("SOURCE"), Table.left("TYPE"), Table.left("MOUNTED ON"), Table.left("MODE"));
        for (FileAccess.Mount m : mounts.value()) t.row(m.source(), m.type(), m.path(), m.readOnly() ? "ro" : "rw");
        t.print(ctx.out());
        return Outcome.CONTINUE;
    }
}
