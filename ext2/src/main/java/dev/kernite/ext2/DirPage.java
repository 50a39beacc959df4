package dev.kernite.ext2;

import java.util.List;

/**
 * A page of {@link Ext2FileSystem#readdir}: pass {@code nextCookie} to continue; {@code end} when nothing follows.
 * Thread safety: immutable.
 */
public record DirPage(List<DirEntry> entries, long nextCookie, boolean end) {
    public DirPage { entries = List.copyOf(entries); }
}
