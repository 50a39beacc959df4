package dev.kernite.abi.fs;

/**
 * The closed set of file-system errors, POSIX-like, with Linux's errno numbers as their stable codes (so a person
 * who knows {@code ENOENT} knows what 2 means). They cross process boundaries as values — the file server's reply
 * label carries {@link #code()} — and must never be renumbered. Success is not an error: an operation returns an
 * {@link FsResult}.
 *
 * <p>Thread safety: immutable.
 */
public enum FsError {
    /** EPERM: the operation is not permitted (for example, unlinking a directory). */
    EPERM(1, "operation not permitted"),
    /** ENOENT: a component of the path does not exist. */
    ENOENT(2, "no such file or directory"),
    /** EIO: the disk (or the block driver) failed, or the file system found its own metadata inconsistent. */
    EIO(5, "input/output error"),
    /** EBADF: the file descriptor is not open, or not open for this (reading, writing). */
    EBADF(9, "bad file descriptor"),
    /** ENOMEM: the server ran out of memory for the request. */
    ENOMEM(12, "out of memory"),
    /** EACCES: permission denied by the file's mode. */
    EACCES(13, "permission denied"),
    /** EBUSY: the object is in use (a mount point, a file system with open files being unmounted). */
    EBUSY(16, "device or resource busy"),
    /** EEXIST: the name already exists. */
    EEXIST(17, "file exists"),
    /** EXDEV: a rename or link across two mounted file systems. */
    EXDEV(18, "cross-device link"),
    /** ENOTDIR: a component of the path, or the target of a directory operation, is not a directory. */
    ENOTDIR(20, "not a directory"),
    /** EISDIR: a directory where a file is needed (writing, truncating, unlinking). */
    EISDIR(21, "is a directory"),
    /** EINVAL: an argument is out of range or malformed (a bad offset, flags, a name with '/' or NUL). */
    EINVAL(22, "invalid argument"),
    /** EMFILE: the process has too many open files. */
    EMFILE(24, "too many open files"),
    /** EFBIG: the file would grow past the largest size the file system can hold. */
    EFBIG(27, "file too large"),
    /** ENOSPC: no free block or inode is left. */
    ENOSPC(28, "no space left on device"),
    /** ESPIPE: seeking is not possible on this file. */
    ESPIPE(29, "illegal seek"),
    /** EROFS: the file system is mounted read-only (for example because it has a feature the server cannot write). */
    EROFS(30, "read-only file system"),
    /** EMLINK: a file or directory would get too many hard links. */
    EMLINK(31, "too many links"),
    /** ENAMETOOLONG: a name is longer than 255 bytes, or the path longer than the protocol carries. */
    ENAMETOOLONG(36, "file name too long"),
    /** ENOTEMPTY: the directory to remove or replace is not empty. */
    ENOTEMPTY(39, "directory not empty"),
    /** ELOOP: too many symbolic links while resolving a path. */
    ELOOP(40, "too many levels of symbolic links"),
    /** ENOTSUP: the operation or an on-disk feature is not supported. */
    ENOTSUP(95, "operation not supported"),
    /** ESTALE: the file an open descriptor named is gone (the server restarted and it no longer exists). */
    ESTALE(116, "stale file handle"),
    /** EUCLEAN: the file system's metadata is corrupt; the server refused to go on with it. */
    EUCLEAN(117, "structure needs cleaning"),
    /**
     * ECANCELED: the file server restarted while it carried out a request that must not be repeated (create
     * exclusive, mkdir, rmdir, unlink, rename, symlink, an append, mount): it may or may not have been done — look
     * before trying again. Never a silent duplicate.
     */
    ECANCELED(125, "operation canceled");


    private final int code;
    private final String message;

    FsError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The stable wire code (Linux's errno number). */
    public int code() { return code; }

    /** A short lower-case description, as strerror gives it. */
    public String message() { return message; }

    /** The error with this code, or null when the code is none of ours (a peer sent garbage). */
    public static FsError fromCode(int code) {
        for (FsError e : values()) if (e.code == code) return e;
        return null;
    }

    /** "ENOENT (no such file or directory)". */
    public String describe() { return name() + " (" + message + ")"; }
}
