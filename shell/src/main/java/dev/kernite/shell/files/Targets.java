package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.sys.FileAccess;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The operand rule {@code cp} and {@code mv} share: {@code SOURCE TARGET}, where a TARGET that is a directory
 * receives SOURCE under its own name, or {@code SOURCE... DIRECTORY}, where the last operand must be a directory.
 *
 * <p>Thread safety: stateless.
 */
final class Targets {
    private Targets() {}

    /** Calls {@code action(source, target)} with absolute paths for each source; reports a bad last operand. */
    static void each(FileCommand cmd, Context ctx, List<String> operands, BiConsumer<String, String> action) {
        String last = ctx.path(operands.getLast());
        FsResult<FileAccess.Info> t = ctx.files().stat(last);
        boolean intoDirectory = t.ok() && t.value().type() == FileAccess.Type.DIRECTORY;
        List<String> sources = operands.subList(0, operands.size() - 1);
        if (sources.size() > 1 && !intoDirectory) {
            ctx.error(cmd.name() + ": " + last + " is not a directory (several sources need one)");
            return;
        }
        for (String s : sources) {
            String from = ctx.path(s);
            action.accept(from, intoDirectory ? ShellPaths.child(last, ShellPaths.name(from)) : last);
        }
    }
}
