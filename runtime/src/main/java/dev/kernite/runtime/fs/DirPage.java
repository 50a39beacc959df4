package dev.kernite.runtime.fs;

import java.util.List;

/**
 * A page of a directory listing: the entries, the cookie to ask for the next page with, and whether this page is
 * the last. The listing includes "." and "..".
 *
 * <p>Thread safety: immutable.
 */
public record DirPage(List<Dirent> entries, long nextCookie, boolean end) {
    public DirPage {
        entries = List.copyOf(entries);
    }
}
