package dev.kernite.fs;

import dev.kernite.ext2.Ext2FileSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The file server's configuration, from its manifest {@code args}: {@code TYPE SOURCE [cache=SIZE]}, say
 * {@code ext2 blk cache=32m}. SIZE is bytes with an optional k, m or g suffix; it bounds each ext2 mount's page cache
 * (metadata and file data, on the Java heap, so the manifest's {@code heap} must hold it with room to spare). A
 * malformed or unknown option is reported and the default kept: a typo must not keep the root from mounting.
 *
 * <p>Thread safety: immutable.
 *
 * @param rootType   the root file system's type ({@code ext2}, or {@code tmpfs})
 * @param source     its source, the block service for ext2
 * @param cacheBytes the page cache of each ext2 mount
 */
record Config(String rootType, String source, long cacheBytes) {
    /** Without {@code cache=}: small enough for the manifest's smallest heaps. */
    static final long DEFAULT_CACHE_BYTES = Ext2FileSystem.DEFAULT_CACHE_BYTES;

    static Config parse(String[] args) {
        List<String> positional = new ArrayList<>();
        long cache = DEFAULT_CACHE_BYTES;
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                positional.add(a);
            } else if (a.startsWith("cache=") && size(a.substring(eq + 1)) > 0) {
                cache = size(a.substring(eq + 1));
            } else {
                System.err.println("fs: ignoring argument '" + a + "' (expected cache=SIZE, e.g. cache=64m)");
            }
        }
        return new Config(positional.size() > 0 ? positional.get(0) : "ext2", positional.size() > 1 ? positional.get(1) : "blk", cache);
    }

    /** Bytes in {@code s} ("4096", "512k", "64m", "1g"), or -1 when it is not a size. */
    static long size(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
        if (shift > 0) t = t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(t);
            return v <= 0 || v > (Long.MAX_VALUE >> shift) ? -1 : v << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
