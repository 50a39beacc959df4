package dev.kernite.abi.control;

import java.util.StringJoiner;

/**
 * Process-wide privileges, fixed at spawn: what a process may ask of the kernel beyond using its capabilities.
 * A spawner can give a child only privileges it holds itself.
 *
 * <p>Thread safety: static helpers; no state.
 */
public final class Privileges {
    /** May start processes. */
    public static final int SPAWN = 1;
    /** May list all processes, threads and channels. */
    public static final int INSPECT = 1 << 1;
    /** Owns the terminal: the process inherits the kernel's standard input and output (the console session). */
    public static final int CONSOLE = 1 << 2;
    public static final int ALL = SPAWN | INSPECT | CONSOLE;

    private Privileges() {}

    public static boolean isValid(int p) { return (p & ~ALL) == 0; }

    public static String toString(int p) {
        StringJoiner j = new StringJoiner("|");
        if ((p & SPAWN) != 0) j.add("spawn");
        if ((p & INSPECT) != 0) j.add("inspect");
        if ((p & CONSOLE) != 0) j.add("console");
        return j.length() == 0 ? "none" : j.toString();
    }

    /** Parses {@code spawn|inspect}; unknown names are an error. */
    public static int parse(String text) {
        int p = 0;
        for (String part : text.split("[|,]")) {
            switch (part.trim()) {
                case "", "none" -> { }
                case "spawn" -> p |= SPAWN;
                case "inspect" -> p |= INSPECT;
                case "console" -> p |= CONSOLE;
                case "all" -> p |= ALL;
                default -> throw new IllegalArgumentException("unknown privilege '" + part.trim() + "'; known: spawn, inspect, console");
            }
        }
        return p;
    }
}
