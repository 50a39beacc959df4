package dev.kernite.systest.shell;

/** Boot-manifest sections the console system tests share, so each test's manifest shows only what is its own. */
final class Sections {
    private Sections() {}

    /** names, supervised as in the shipped manifest but with a start deadline for a loaded test machine. */
    static final String NAMES = """
        [names]
        module        = kernite.names
        main          = dev.kernite.names.NamesServer
        endpoints     = names
        restart       = always
        heartbeat     = 1s, deadline 3s
        start-deadline= 30s

        """;

    /** The console shell as the session service, started once {@code needs} (a manifest list) are up. */
    static String shell(String needs) {
        return """
            [shell]
            module        = kernite.shell
            main          = dev.kernite.shell.Shell
            grants        = rs
            needs         = %s
            privileges    = inspect, console
            restart       = never
            heartbeat     = off
            start-deadline= 30s
            session       = yes
            """.formatted(needs);
    }
}
