package dev.kernite.ext2;

/**
 * How to mount. Thread safety: immutable.
 *
 * @param readOnly never write to the store (a file system may also be mounted read-only because of its features)
 */
public record MountOptions(boolean readOnly) {}
