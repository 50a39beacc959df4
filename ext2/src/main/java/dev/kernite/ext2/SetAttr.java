package dev.kernite.ext2;

/** Changes for {@link Ext2FileSystem#setattr}; null leaves a field as it is. Thread safety: immutable. */
public record SetAttr(Integer mode, Integer uid, Integer gid, Long atime, Long mtime) {}
