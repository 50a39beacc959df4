package dev.kernite.shell.files;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns what a person typed into the absolute path the file server takes: relative paths start at the working
 * directory; "." and empty components drop out and ".." climbs one level (lexically, as {@code cd} does in a
 * POSIX shell's default mode; "/.." is "/").
 *
 * <p>Thread safety: stateless.
 */
public final class ShellPaths {
    private ShellPaths() {}

    /** {@code typed} resolved against {@code cwd} (which is absolute). */
    public static String resolve(String cwd, String typed) {
        String joined = typed.startsWith("/") ? typed : cwd + "/" + typed;
        Deque<String> parts = new ArrayDeque<>();
        for (String p : joined.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) parts.pollLast();
            else parts.addLast(p);
        }
        return "/" + String.join("/", parts);
    }

    /** The last component ("/" for the root). */
    public static String name(String absolute) {
        int slash = absolute.lastIndexOf('/');
        return absolute.length() == 1 ? "/" : absolute.substring(slash + 1);
    }

    /** {@code dir/name} without a doubled slash. */
    public static String child(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
