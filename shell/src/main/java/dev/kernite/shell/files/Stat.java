package dev.kernite.shell.files;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.FileAccess.Info;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code stat PATH...}: everything the file system keeps about a path (a symbolic link itself, not its target):
 *
 * <pre>
 *   File: /etc/motd
 *   Type: file  Size: 42  Blocks: 8  Inode: 12  Links: 1
 *   Mode: 0644 (-rw-r--r--)  Uid: 0  Gid: 0
 * Access: 2026-11-27T03:30:00Z
 * Modify: 2026-11-27T03:30:00Z
 * Change: 2026-11-27T03:30:00Z
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Stat extends FileCommand {
    @Override public String name() { return "stat"; }

    @Override public String usage() { return "stat PATH..."; }

    @Override public String summary() { return "show a file's type, size, inode, links, mode, owner and times"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        return eachPath(args, ctx, path -> {
            FsResult<Info> r = ctx.files().lstat(path);
            if (check(ctx, path, r)) print(ctx, path, r.value());
        });
    }

    private static void print(Context ctx, String path, Info i) {
        ctx.println("  File: " + path + (i.linkTarget() == null ? "" : " -> " + i.linkTarget()));
        ctx.println("  Type: " + i.type().name().toLowerCase(Locale.ROOT) + "  Size: " + i.size() + "  Blocks: " + i.blocks512()
            + "  Inode: " + i.ino() + "  Links: " + i.links());
        ctx.println("  Mode: " + String.format(Locale.ROOT, "%04o", i.mode()) + " (" + Modes.format(i.type(), i.mode()) + ")  Uid: "
            + i.uid() + "  Gid: " + i.gid());
        ctx.println("Access: " + Instant.ofEpochSecond(i.atime()));
        ctx.println("Modify: " + Instant.ofEpochSecond(i.mtime()));
        ctx.println("Change: " + Instant.ofEpochSecond(i.ctime()));
    }
}
