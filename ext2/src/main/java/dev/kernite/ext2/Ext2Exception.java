package dev.kernite.ext2;

import dev.kernite.abi.fs.FsError;

/**
 * Carries an expected error (corrupt metadata, a failed store, no space) out of a deep metadata walk to the public
 * entry point of {@link Ext2FileSystem}, which turns it into an {@code FsResult} error. It never leaves the library:
 * every public method catches it. Thread safety: immutable.
 */
final class Ext2Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final FsError error;

    Ext2Exception(FsError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    FsError error() { return error; }

    /** Metadata that cannot be right: the caller gets EUCLEAN. */
    static Ext2Exception corrupt(String what) { return new Ext2Exception(FsError.EUCLEAN, what); }
}
