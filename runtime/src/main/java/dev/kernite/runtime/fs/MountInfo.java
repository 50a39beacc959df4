package dev.kernite.runtime.fs;

/**
 * One entry of the file server's mount table: what is mounted ({@code source}: a block service such as
 * {@code blk}, or {@code tmpfs}), its type ({@code ext2}, {@code tmpfs}), where, and whether read-only.
 *
 * <p>Thread safety: immutable.
 */
public record MountInfo(String source, String type, String path, boolean readOnly) {}
