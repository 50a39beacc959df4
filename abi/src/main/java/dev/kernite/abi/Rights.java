package dev.kernite.abi;

import java.util.StringJoiner;

/**
 * Rights carried by a capability, as a bit set. Rights only ever shrink: a transfer or a derived capability gets
 * the intersection of what the holder had and what it asked for ({@link #restrict}).
 *
 * <p>Thread safety: static helpers over int values; no state.
 */
public final class Rights {
    /** Endpoint: connect to it as a client. */
    public static final int SEND = 1;
    /** Endpoint: receive calls on it as the server. */
    public static final int SERVE = 1 << 1;
    /** Any capability: hand a copy of it to another process. */
    public static final int GRANT = 1 << 2;
    /** Notification: set bits. */
    public static final int SIGNAL = 1 << 3;
    /** Notification: wait for bits. */
    public static final int WAIT = 1 << 4;
    /** Process: kill it. */
    public static final int KILL = 1 << 5;
    /** Process: be told of its death (through a notification). */
    public static final int WATCH = 1 << 6;
    /** Channel: use it (call / send as client, receive / reply as server). */
    public static final int USE = 1 << 7;
    /** Dataspace: map it for reading (and let a device read it). */
    public static final int READ = 1 << 8;
    /** Dataspace: map it for writing (and let a device write it). */
    public static final int WRITE = 1 << 9;

    /** Every right defined above. */
    public static final int ALL = SEND | SERVE | GRANT | SIGNAL | WAIT | KILL | WATCH | USE | READ | WRITE;

    private static final String[] NAMES = {"send", "serve", "grant", "signal", "wait", "kill", "watch", "use", "read", "write"};

    private Rights() {}

    /** True when {@code held} includes every bit of {@code needed}. */
    public static boolean includes(int held, int needed) {
        return (held & needed) == needed;
    }

    /** The rights a derived capability gets: never more than held. */
    public static int restrict(int held, int requested) {
        return held & requested & ALL;
    }

    /** True when {@code rights} has no bit outside {@link #ALL}. */
    public static boolean isValid(int rights) {
        return (rights & ~ALL) == 0;
    }

    /** A readable form such as {@code send|grant}, or {@code none}. */
    public static String toString(int rights) {
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < NAMES.length; i++) if ((rights & (1 << i)) != 0) j.add(NAMES[i]);
        return j.length() == 0 ? "none" : j.toString();
    }

    /** Parses {@code send|grant} style text (also {@code ,} separated). Unknown names are an error. */
    public static int parse(String text) {
        int r = 0;
        for (String part : text.split("[|,]")) {
            String p = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (p.isEmpty() || p.equals("none")) continue;
            if (p.equals("all")) { r |= ALL; continue; }
            int i = java.util.Arrays.asList(NAMES).indexOf(p);
            if (i < 0) throw new IllegalArgumentException("unknown right '" + p + "'; known: " + String.join(", ", NAMES));
            r |= 1 << i;
        }
        return r;
    }
}
