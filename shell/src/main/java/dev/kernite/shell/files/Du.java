package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess;
import dev.kernite.shell.text.Format;
import java.util.List;

/**
 * {@code du [-s] [PATH...]}: disk space used (allocated blocks, so holes cost nothing) by each directory under
 * PATH and by PATH itself; {@code -s} prints only the total. Symbolic links are not followed.
 *
 * <p>Thread safety: stateless.
 */
public final class Du extends FileCommand {
    /** Deeper than this, a directory tree is reported as an error (a loop, or a tree no person walks by hand). */
    private static final int MAX_DEPTH = 64;

    @Override public String name() { return "du"; }

    @Override public String usage() { return "du [-s] [PATH...]"; }

    @Override public String summary() { return "disk space used under directories"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        Parsed p = parse(args, "s");
        if (p.bad() != null) return badOption(ctx, p.bad());
        for (String typed : p.operands().isEmpty() ? List.of(".") : p.operands()) {
            String path = ctx.path(typed);
            FsResult<FileAccess.Info> i = ctx.files().lstat(path);
            if (!check(ctx, path, i)) continue;
            long bytes = walk(ctx, path, i.value(), p.has('s'), 0);
            ctx.println(Format.bytes(bytes) + "\t" + path);
        }
        return Outcome.CONTINUE;
    }

    /** Bytes allocated under {@code path}; prints each subdirectory's total unless {@code quiet}. */
    private long walk(Context ctx, String path, FileAccess.Info self, boolean quiet, int depth) {
        long bytes = self.blocks512() * 512;
        if (self.type() != FileAccess.Type.DIRECTORY) return bytes;
        if (depth > MAX_DEPTH) {
            ctx.error("du: " + path + ": deeper than " + MAX_DEPTH + " directories; not counted");
            return bytes;
        }
        FsResult<List<FileAccess.Info>> entries = ctx.files().list(path);
        if (!check(ctx, path, entries)) return bytes;
        for (FileAccess.Info e : entries.value()) {
            String child = ShellPaths.child(path, e.name());
            long b = walk(ctx, child, e, quiet, depth + 1);
            if (!quiet && e.type() == FileAccess.Type.DIRECTORY) ctx.println(Format.bytes(b) + "\t" + child);
            bytes += b;
        }
        return bytes;
    }
}
