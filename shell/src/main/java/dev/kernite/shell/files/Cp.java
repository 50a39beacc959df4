package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code cp SOURCE TARGET} or {@code cp SOURCE... DIRECTORY}: copies files (not directories), keeping their
 * permission bits. A target that is a directory receives the file under its own name.
 *
 * <p>Thread safety: stateless.
 */
public final class Cp extends FileCommand {
    @Override public String name() { return "cp"; }

    @Override public String usage() { return "cp SOURCE TARGET | cp SOURCE... DIRECTORY"; }

    @Override public String summary() { return "copy files"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        Parsed p = parse(args, "");
        if (p.bad() != null) return badOption(ctx, p.bad());
        if (p.operands().size() < 2) return ctx.usage(this);
        Targets.each(this, ctx, p.operands(), (from, to) -> copy(ctx, from, to));
        return Outcome.CONTINUE;
    }

    private void copy(Context ctx, String from, String to) {
        FsResult<FileAccess.Info> src = ctx.files().stat(from);
        if (!check(ctx, from, src)) return;
        if (src.value().type() == FileAccess.Type.DIRECTORY) {
            fail(ctx, from, FsError.EISDIR);
            return;
        }
        if (from.equals(to)) {
            ctx.error("cp: " + from + " and " + to + " are the same file");
            return;
        }
        FsResult<InputStream> in = ctx.files().openRead(from);
        if (!check(ctx, from, in)) return;
        FsResult<OutputStream> out = ctx.files().openWrite(to, false);
        if (!check(ctx, to, out)) {
            close(in.value());
            return;
        }
        try (InputStream i = in.value(); OutputStream o = out.value()) {
            i.transferTo(o);
        } catch (IOException e) {
            ctx.error("cp: " + from + " -> " + to + ": " + e.getMessage());
            return;
        }
        check(ctx, to, ctx.files().chmod(to, src.value().mode()));
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) { // nothing was read; the error that matters is already reported
        }
    }
}
