package dev.kernite.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.ext2.Ext2FileSystem;
import dev.kernite.ext2.FormatOptions;
import dev.kernite.ext2.MountOptions;
import dev.kernite.ext2.Probe;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import java.io.IOException;

/**
 * Opens file systems by type for the mount table: {@code tmpfs} in memory; {@code ext2} on a block service (the
 * source, say {@code blk}). A blank disk (its first 64 KiB zero) is formatted with the Java mkfs, and the log says
 * so; a disk holding something else is refused and never written.
 *
 * <p>Thread safety: not thread-safe; the dispatch thread's.
 */
final class Backends {
    private final Env env;
    private final long cacheBytes;

    /** Opens file systems with the capabilities of {@code env}; each ext2 mount gets a page cache of {@code cacheBytes}. */
    Backends(Env env, long cacheBytes) {
        this.env = env;
        this.cacheBytes = cacheBytes;
    }

    FsResult<FsBackend> open(String source, String type, boolean readOnly) {
        return switch (type) {
            case "tmpfs" -> FsResult.ok(new TmpFs(FileServer.TMPFS_BYTES));
            case "ext2" -> ext2(source, readOnly);
            default -> FsResult.error(FsError.ENOTSUP);
        };
    }

    private FsResult<FsBackend> ext2(String source, boolean readOnly) {
        Result<BlockDeviceStore> s = BlockDeviceStore.open(env, source);
        if (!s.ok()) {
            log("cannot reach the block service '" + source + "': " + s.status());
            return FsResult.error(FsError.EIO);
        }
        BlockDeviceStore store = s.value();
        String disk = store.name() + " (" + source + ", " + (store.size() >> 20) + " MiB)";
        FsResult<FsBackend> r = prepare(store, disk, readOnly);
        if (!r.ok()) store.close();
        return r;
    }

    /** Formats a blank disk, refuses a foreign one, mounts ext2. */
    private FsResult<FsBackend> prepare(BlockDeviceStore store, String disk, boolean readOnly) {
        try {
            Probe p = Ext2FileSystem.probe(store);
            if (p == Probe.OTHER) {
                log("disk " + disk + " holds neither ext2 nor zeros: refused, and left as it is (never formatted)");
                return FsResult.error(FsError.EINVAL);
            }
            if (p == Probe.BLANK) {
                if (readOnly || store.readOnly()) return FsResult.error(FsError.EROFS);
                log("disk " + disk + " is blank: formatting it ext2 (first boot)");
                FsResult<Void> f = Ext2FileSystem.format(store, FormatOptions.defaults(store.size()));
                if (!f.ok()) {
                    log("formatting " + disk + " failed: " + f.error().describe());
                    return f.cast();
                }
                log("formatted " + disk);
            }
        } catch (IOException e) {
            log("disk " + disk + ": " + e.getMessage());
            return FsResult.error(FsError.EIO);
        }
        FsResult<Ext2FileSystem> m = Ext2FileSystem.mount(store, new MountOptions(readOnly || store.readOnly()),
            reason -> log("disk " + disk + " refused: " + reason), cacheBytes);
        if (!m.ok()) {
            log("cannot mount ext2 on " + disk + ": " + m.error().describe());
            return m.cast();
        }
        for (String w : m.value().warnings()) log("disk " + disk + ": " + w);
        log("mounted ext2 on " + disk + " with a " + (cacheBytes >> 10) + " KiB page cache");
        return FsResult.ok(new Ext2Backend(m.value(), store));
    }

    private static void log(String line) {
        System.err.println("fs: " + line);
    }
}
