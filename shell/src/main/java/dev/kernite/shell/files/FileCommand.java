package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess;
import java.util.ArrayList;
import java.util.List;

/**
 * What the file commands share: option parsing ({@code -l}, {@code -p}, … before the operands, "--" ends them),
 * the one error-line format ({@code kernite: ls: /x: ENOENT (no such file or directory)}) and path-name
 * completion from the directory being typed in.
 *
 * <p>Thread safety: stateless.
 */
abstract class FileCommand implements Command {
    /** The options (letters) and operands of an argument list; {@code bad} names an option not in the allowed set. */
    record Parsed(String options, List<String> operands, Character bad) {
        boolean has(char option) { return options.indexOf(option) >= 0; }
    }

    static Parsed parse(List<String> args, String allowed) {
        StringBuilder options = new StringBuilder();
        List<String> operands = new ArrayList<>();
        boolean optionsOver = false;
        for (String a : args) {
            if (!optionsOver && a.equals("--")) {
                optionsOver = true;
            } else if (!optionsOver && a.length() > 1 && a.startsWith("-")) {
                for (char c : a.substring(1).toCharArray()) {
                    if (allowed.indexOf(c) < 0) return new Parsed("", List.of(), c);
                    options.append(c);
                }
            } else {
                optionsOver = true;
                operands.add(a);
            }
        }
        return new Parsed(options.toString(), operands, null);
    }

    /**
     * The frame of the commands that take no options and one or more paths: the usage line when there are none,
     * else {@code action} for each, as an absolute path.
     */
    Outcome eachPath(List<String> args, Context ctx, java.util.function.Consumer<String> action) {
        Parsed p = parse(args, "");
        if (p.bad() != null) return badOption(ctx, p.bad());
        if (p.operands().isEmpty()) return ctx.usage(this);
        for (String typed : p.operands()) action.accept(ctx.path(typed));
        return Outcome.CONTINUE;
    }

    /** Prints {@code kernite: NAME: PATH: ERROR}; returns false so a caller can note the failure. */
    boolean fail(Context ctx, String path, FsError e) {
        String problem = e == FsError.EIO ? ctx.files().problem() : null;
        ctx.error(name() + ": " + path + ": " + (problem != null ? problem : e.describe()));
        return false;
    }

    /** As {@link #fail(Context, String, FsError)} for a result that failed; true when it succeeded. */
    boolean check(Context ctx, String path, FsResult<?> r) {
        return r.ok() || fail(ctx, path, r.error());
    }

    /** An option the command does not know: one error line with the usage. */
    Outcome badOption(Context ctx, char c) {
        ctx.error(name() + ": unknown option -" + c + " (usage: " + usage() + ")");
        return Outcome.CONTINUE;
    }

    @Override
    public List<String> candidates(List<String> before, Context ctx) {
        return entriesOf(ctx, ctx.cwd().path());
    }

    /** The names in {@code dir} (directories with a trailing '/'), for completion; empty when it cannot be read. */
    static List<String> entriesOf(Context ctx, String dir) {
        FsResult<List<FileAccess.Entry>> r = ctx.files().entries(dir);
        if (!r.ok()) return List.of();
        return r.value().stream().map(e -> e.type() == FileAccess.Type.DIRECTORY ? e.name() + "/" : e.name()).toList();
    }
}
