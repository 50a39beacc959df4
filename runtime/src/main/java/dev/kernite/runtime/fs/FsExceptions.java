package dev.kernite.runtime.fs;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * FsError → the {@link IOException} java.nio throws for it: ENOENT → {@link NoSuchFileException}, EEXIST →
 * {@link FileAlreadyExistsException}, ENOTEMPTY → {@link DirectoryNotEmptyException}, ENOTDIR →
 * {@link NotDirectoryException}, EACCES, EPERM and EROFS → {@link AccessDeniedException}, ELOOP →
 * {@link FileSystemLoopException}; everything else a {@link FileSystemException} whose reason is
 * {@link FsError#describe()}. {@link #error} gives the FsError back from any of them.
 *
 * <p>Thread safety: stateless.
 */
public final class FsExceptions {
    private FsExceptions() {}

    /** The exception for {@code e} about {@code path} (and {@code other}, for a rename; may be null). */
    public static FileSystemException of(FsError e, String path, String other) {
        String reason = e.describe();
        return switch (e) {
            case ENOENT -> new NoSuchFileException(path, other, reason);
            case EEXIST -> new FileAlreadyExistsException(path, other, reason);
            case ENOTEMPTY -> new DirectoryNotEmptyException(path);
            case ENOTDIR -> new NotDirectoryException(path);
            case EACCES, EPERM, EROFS -> new AccessDeniedException(path, other, reason);
            case ELOOP -> new FileSystemLoopException(path);
            default -> new FileSystemException(path, other, reason);
        };
    }

    /** The value of {@code r}, or its error thrown as {@link #of}. */
    public static <T> T check(FsResult<T> r, String path) throws FileSystemException {
        if (!r.ok()) throw of(r.error(), path, null);
        return r.value();
    }

    /** The FsError an exception from {@link #of} stands for (EIO for other exceptions). */
    public static FsError error(IOException x) {
        return switch (x) {
            case NoSuchFileException n -> FsError.ENOENT;
            case FileAlreadyExistsException n -> FsError.EEXIST;
            case DirectoryNotEmptyException n -> FsError.ENOTEMPTY;
            case NotDirectoryException n -> FsError.ENOTDIR;
            case FileSystemLoopException n -> FsError.ELOOP;
            case FileSystemException f when f.getReason() != null -> java.util.Arrays.stream(FsError.values())
                .filter(v -> f.getReason().equals(v.describe())).findFirst().orElse(FsError.EIO);
            default -> FsError.EIO;
        };
    }
}
