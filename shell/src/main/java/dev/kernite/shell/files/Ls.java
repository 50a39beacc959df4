package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess;
import dev.kernite.shell.sys.FileAccess.Info;
import dev.kernite.shell.text.Table;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ls [-l] [-a] [PATH...]}: a directory's entries by name, one per line (the working directory when no
 * path is given); a file lists as itself. {@code -l} is an aligned table — mode, links, owner, group, size,
 * modification time (UTC) and name, with a symbolic link's target — and {@code -a} adds "." and "..".
 *
 * <p>Thread safety: stateless.
 */
public final class Ls extends FileCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Override public String name() { return "ls"; }

    @Override public String usage() { return "ls [-l] [-a] [PATH...]"; }

    @Override public String summary() { return "list a directory's entries (-l: with modes, owners, sizes, times)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        Parsed p = parse(args, "la");
        if (p.bad() != null) return badOption(ctx, p.bad());
        List<String> paths = p.operands().isEmpty() ? List.of(".") : p.operands();
        for (int i = 0; i < paths.size(); i++) {
            String path = ctx.path(paths.get(i));
            if (paths.size() > 1) ctx.println((i > 0 ? "\n" : "") + paths.get(i) + ":");
            one(ctx, path, p.has('l'), p.has('a'));
        }
        return Outcome.CONTINUE;
    }

    private void one(Context ctx, String path, boolean detailed, boolean all) {
        FsResult<Info> self = ctx.files().stat(path);
        if (!self.ok()) {
            fail(ctx, path, self.error());
            return;
        }
        boolean directory = self.value().type() == FileAccess.Type.DIRECTORY;
        if (!detailed && directory) {
            names(ctx, path, all);
            return;
        }
        List<Info> entries;
        if (!directory) {
            FsResult<Info> l = ctx.files().lstat(path);
            entries = List.of(l.ok() ? l.value() : self.value());
        } else {
            FsResult<List<Info>> r = ctx.files().list(path);
            if (!check(ctx, path, r)) return;
            entries = r.value().stream().sorted(Comparator.comparing(Info::name)).toList();
            if (all) entries = withDots(ctx, path, self.value(), entries);
        }
        if (!detailed) {
            entries.forEach(e -> ctx.println(e.name()));
            return;
        }
        Table t = new Table(Table.left("MODE"), Table.right("LINKS"), Table.right("UID"), Table.right("GID"), Table.right("SIZE"),
            Table.left("MODIFIED"), Table.left("NAME"));
        for (Info e : entries) {
            t.row(Modes.format(e.type(), e.mode()), e.links(), e.uid(), e.gid(), e.size(), TIME.format(Instant.ofEpochSecond(e.mtime())),
                e.linkTarget() == null ? e.name() : e.name() + " -> " + e.linkTarget());
        }
        t.print(ctx.out());
    }

    /** A directory's names alone, by name: read from the directory, no request per entry. */
    private void names(Context ctx, String dir, boolean all) {
        FsResult<List<FileAccess.Entry>> r = ctx.files().entries(dir);
        if (!check(ctx, dir, r)) return;
        if (all) {
            ctx.println(".");
            ctx.println("..");
        }
        r.value().stream().map(FileAccess.Entry::name).sorted().forEach(ctx::println);
    }

    private static List<Info> withDots(Context ctx, String dir, Info self, List<Info> entries) {
        FsResult<Info> parent = ctx.files().stat(ShellPaths.resolve(dir, ".."));
        Info up = parent.ok() ? parent.value() : self;
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(renamed(self, "."), renamed(up, "..")), entries.stream()).toList();
    }

    private static Info renamed(Info i, String name) {
        return new Info(name, i.type(), i.mode(), i.links(), i.uid(), i.gid(), i.size(), i.blocks512(), i.ino(), i.atime(), i.mtime(),
            i.ctime(), null);
    }
}
