package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code cat PATH...}: prints the files one after another, as UTF-8 text (bytes that are not UTF-8 print as the
 * replacement character). A file that cannot be read is one error line; the others still print.
 *
 * <p>Thread safety: stateless.
 */
public final class Cat extends FileCommand {
    @Override public String name() { return "cat"; }

    @Override public String usage() { return "cat PATH..."; }

    @Override public String summary() { return "print files"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        Outcome o = eachPath(args, ctx, path -> print(ctx, path));
        ctx.out().flush();
        return o;
    }

    private void print(Context ctx, String path) {
        FsResult<InputStream> in = ctx.files().openRead(path);
        if (!check(ctx, path, in)) return;
        try (Reader r = new InputStreamReader(in.value(), StandardCharsets.UTF_8)) {
            r.transferTo(ctx.out());
        } catch (IOException e) {
            ctx.out().flush();
            ctx.error("cat: " + path + ": " + e.getMessage());
        }
    }
}
