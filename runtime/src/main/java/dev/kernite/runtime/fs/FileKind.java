package dev.kernite.runtime.fs;

/**
 * What kind of file an inode is, as a file system reports it. The wire code is the ordinal, so the order is fixed.
 *
 * <p>Thread safety: immutable.
 */
public enum FileKind {
    REGULAR, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET;

    private static final FileKind[] ALL = values();

    /** The kind with this wire code, or null. */
    public static FileKind fromCode(int code) {
        return code >= 0 && code < ALL.length ? ALL[code] : null;
    }
}
