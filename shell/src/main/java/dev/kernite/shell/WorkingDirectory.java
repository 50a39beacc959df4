package dev.kernite.shell;

import dev.kernite.shell.files.ShellPaths;

/**
 * The shell's working directory: where relative paths start. {@code cd} changes it; it starts at "/".
 *
 * <p>Thread safety: confined to the shell's one thread.
 */
public final class WorkingDirectory {
    private String path = "/";

    public String path() { return path; }

    /** Sets it; {@code absolute} must be absolute and normalized ({@link ShellPaths#resolve}). */
    public void set(String absolute) {
        if (!absolute.startsWith("/")) throw new IllegalArgumentException("not absolute: " + absolute);
        path = absolute;
    }

    /** {@code typed} as an absolute path. */
    public String resolve(String typed) { return ShellPaths.resolve(path, typed); }
}
