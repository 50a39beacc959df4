package dev.kernite.runtime.rs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The boot manifest: one {@code [section]} per service ({@link ServiceDescriptor}), in any order; dependencies
 * decide the start order. Format (docs/system-services.md):
 *
 * <pre>
 *   # a comment: from '#' at the start of a line or after white space
 *   [echo]                              a service; its name is also its process name
 *   module         = kernite.echo       required
 *   main           = dev.kernite.echo.EchoServer   required
 *   args           = a b c              white-space separated              (none)
 *   endpoints      = echo               created by the kernel at spawn     (none)
 *   grants         = rs                 SEND on these endpoints at spawn   (none; names is always granted)
 *   needs          = names              ready before this one starts       (none)
 *   privileges     = inspect|console    spawn, inspect, console            (none)
 *   restart        = always             always | on-failure | never        (on-failure)
 *   backoff        = 100ms..5s          first delay .. cap, doubling       (100ms..5s)
 *   max-restarts   = 5 in 60s           more: marked failed                (5 in 60s)
 *   heartbeat      = 1s, deadline 3s    or off                             (1s, deadline 3s; off without endpoints)
 *   start-deadline = 10s                spawn to ready                     (10s)
 *   heap           = 32m                                                   (32m)
 *   memory         = 4m                 dataspaces it may hold at once     (64m)
 *   jit            = early              late | early: when the JIT compiles (late; early for data paths)
 *   autostart      = yes                                                   (yes)
 *   session        = no                 yes: its exit ends the session     (no)
 * </pre>
 *
 * Durations are a whole number with {@code ms}, {@code s}, {@code m} or {@code h}. A service also depends on the
 * owners of the endpoints it is granted (they must exist when it is spawned). Checked: syntax, unknown and
 * duplicate keys, duplicate sections, every value, unknown dependencies and endpoints, endpoints served twice,
 * dependency cycles, at most one session service. Every error names {@code FILE:LINE}.
 *
 * @param source   where the text came from, for messages ({@code etc/boot.manifest})
 * @param services the sections in file order
 *
 * <p>Thread safety: immutable.
 */
public record Manifest(String source, List<ServiceDescriptor> services) {
    public Manifest {
        services = List.copyOf(services);
    }

    /** Reads and checks a manifest file. */
    public static Manifest load(Path file) throws IOException, ManifestException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses and checks manifest text; {@code source} names it in errors. */
    public static Manifest parse(String source, String text) throws ManifestException {
        return new Manifest(source, new ManifestParser(source).manifest(text));
    }

    /**
     * Parses the text of exactly one section (a service added at run time). Its values are checked; its
     * {@code needs} and {@code grants} are not — they refer to services the caller knows.
     */
    public static ServiceDescriptor parseSection(String source, String text) throws ManifestException {
        return new ManifestParser(source).section(text);
    }

    public Optional<ServiceDescriptor> service(String name) {
        return services.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The session service (whose exit ends the session), if there is one. */
    public Optional<ServiceDescriptor> session() {
        return services.stream().filter(ServiceDescriptor::session).findFirst();
    }

    /**
     * What init starts, in waves: every autostart service and whatever it depends on, wave {@code n} holding the
     * services whose dependencies are all in earlier waves; file order within a wave.
     */
    public List<List<ServiceDescriptor>> bootWaves() {
        Set<ServiceDescriptor> chosen = new LinkedHashSet<>();
        for (ServiceDescriptor d : services) if (d.autostart()) addWithDependencies(d, chosen);
        return waves(services.stream().filter(chosen::contains).toList(), services);
    }

    private void addWithDependencies(ServiceDescriptor d, Set<ServiceDescriptor> into) {
        if (!into.add(d)) return;
        for (String dep : dependencies(d, services)) service(dep).ifPresent(x -> addWithDependencies(x, into));
    }

    /**
     * Groups {@code chosen} in dependency waves (dependencies computed over {@code all}; dependencies outside
     * {@code chosen} are taken as met). Assumes no cycles.
     */
    public static List<List<ServiceDescriptor>> waves(List<ServiceDescriptor> chosen, Collection<ServiceDescriptor> all) {
        Map<String, Integer> level = new HashMap<>();
        Map<String, ServiceDescriptor> byName = new HashMap<>();
        chosen.forEach(d -> byName.put(d.name(), d));
        int max = -1;
        for (ServiceDescriptor d : chosen) max = Math.max(max, level(d, byName, all, level, 0));
        List<List<ServiceDescriptor>> out = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            int wave = i;
            out.add(chosen.stream().filter(d -> level.get(d.name()) == wave).toList());
        }
        return out;
    }

    private static int level(ServiceDescriptor d, Map<String, ServiceDescriptor> chosen, Collection<ServiceDescriptor> all,
                             Map<String, Integer> memo, int depth) {
        Integer known = memo.get(d.name());
        if (known != null) return known;
        if (depth > all.size()) throw new IllegalStateException("dependency cycle through " + d.name());
        int l = 0;
        for (String dep : dependencies(d, all)) {
            ServiceDescriptor x = chosen.get(dep);
            if (x != null) l = Math.max(l, level(x, chosen, all, memo, depth + 1) + 1);
        }
        memo.put(d.name(), l);
        return l;
    }

    /**
     * The services {@code d} depends on among {@code all}: those it {@code needs}, and the owners of the endpoints
     * it is granted (they must be running to hand out a capability).
     */
    public static List<String> dependencies(ServiceDescriptor d, Collection<ServiceDescriptor> all) {
        Set<String> out = new LinkedHashSet<>(d.needs());
        for (String g : d.grants()) {
            for (ServiceDescriptor o : all) if (o != d && o.endpoints().contains(g)) out.add(o.name());
        }
        return List.copyOf(out);
    }

    /** A dependency cycle among {@code all} as {@code [a, b, a]}, or empty. */
    public static List<String> findCycle(List<ServiceDescriptor> all) {
        Map<String, ServiceDescriptor> byName = new HashMap<>();
        all.forEach(d -> byName.put(d.name(), d));
        Map<String, Integer> color = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
        for (ServiceDescriptor d : all) {
            List<String> path = new ArrayList<>();
            if (cycleFrom(d, byName, all, color, path)) return path;
        }
        return List.of();
    }

    private static boolean cycleFrom(ServiceDescriptor d, Map<String, ServiceDescriptor> byName, List<ServiceDescriptor> all,
                                     Map<String, Integer> color, List<String> path) {
        Integer c = color.get(d.name());
        if (c != null && c == 2) return false;
        if (c != null) { // back on the path: cut it down to the cycle
            path.subList(0, path.indexOf(d.name())).clear();
            path.add(d.name());
            return true;
        }
        color.put(d.name(), 1);
        path.add(d.name());
        for (String dep : dependencies(d, all)) {
            ServiceDescriptor x = byName.get(dep);
            if (x != null && cycleFrom(x, byName, all, color, path)) return true;
        }
        path.removeLast();
        color.put(d.name(), 2);
        return false;
    }

    /** A duration in manifest syntax, in the largest unit that is exact: {@code 100ms}, {@code 5s}, {@code 2m}. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** Parses a duration in manifest syntax ({@code 250ms}, {@code 3s}, {@code 2m}, {@code 1h}). */
    public static Duration parseDuration(String text) {
        return ManifestParser.duration(text);
    }
}
