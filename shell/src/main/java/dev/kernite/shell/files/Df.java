package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess;
import dev.kernite.shell.text.Format;
import dev.kernite.shell.text.Table;
import java.util.List;

/**
 * {@code df}: space on every mounted file system (or on the ones holding the given paths).
 *
 * <pre>
 *   FILESYSTEM  TYPE   SIZE  USED  AVAIL  USE%  INODES  IFREE  MOUNTED ON
 *   blk0        ext2    63M  1.2M    59M    2%   16384  16370  /
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Df extends FileCommand {
    @Override public String name() { return "df"; }

    @Override public String usage() { return "df [PATH...]"; }

    @Override public String summary() { return "free and used space of the mounted file systems"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        Parsed p = parse(args, "");
        if (p.bad() != null) return badOption(ctx, p.bad());
        FsResult<List<FileAccess.Mount>> mounts = ctx.files().mounts();
        if (!mounts.ok()) {
            fail(ctx, "mount table", mounts.error());
            return Outcome.CONTINUE;
        }
        Table t = new Table(Table.left("FILESYSTEM"), Table.left("TYPE"), Table.right("SIZE"), Table.right("USED"), Table.right("AVAIL"),
            Table.right("USE%"), Table.right("INODES"), Table.right("IFREE"), Table.left("MOUNTED ON"));
        for (FileAccess.Mount m : mounts.value()) {
            if (!p.operands().isEmpty() && p.operands().stream().noneMatch(o -> holds(mounts.value(), m, ctx.path(o)))) continue;
            FsResult<FileAccess.Space> s = ctx.files().statfs(m.path());
            if (!check(ctx, m.path(), s)) continue;
            FileAccess.Space v = s.value();
            long size = v.blocks() * v.blockSize(), used = (v.blocks() - v.freeBlocks()) * v.blockSize();
            long avail = v.availableBlocks() * v.blockSize();
            long pct = used + avail == 0 ? 0 : (used * 100 + used + avail - 1) / (used + avail);
            t.row(m.source(), m.type(), Format.bytes(size), Format.bytes(used), Format.bytes(avail), pct + "%", v.inodes(), v.freeInodes(),
                m.path());
        }
        t.print(ctx.out());
        return Outcome.CONTINUE;
    }

    /** Whether {@code path} lies on {@code m}: m is the longest mount point that is a prefix of it. */
    private static boolean holds(List<FileAccess.Mount> all, FileAccess.Mount m, String path) {
        FileAccess.Mount best = null;
        for (FileAccess.Mount c : all) {
            boolean under = path.equals(c.path()) || c.path().equals("/") || path.startsWith(c.path() + "/");
            if (under && (best == null || c.path().length() > best.path().length())) best = c;
        }
        return best == m;
    }
}
