package dev.kernite.runtime.rs;

import dev.kernite.abi.control.Privileges;
import dev.kernite.abi.control.Jit;
import dev.kernite.abi.control.ProcessSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads manifest text into descriptors: first every line into sections of raw {@code key = value} text (syntax,
 * unknown and duplicate keys, duplicate sections), then each section into a {@link ServiceDescriptor} (values),
 * then the whole into checked cross-references (unknown dependencies and endpoints, cycles). Every error names the
 * line it is about.
 *
 * <p>Thread safety: confined to one thread; use one parser per text.
 */
final class ManifestParser {
    private static final Pattern SECTION = Pattern.compile("\\[\\s*([^\\]]*?)\\s*]");
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z-]+)\\s*=\\s*(.*)");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern BACKOFF = Pattern.compile("(\\S+)\\s*\\.\\.\\s*(\\S+)");
    private static final Pattern MAX_RESTARTS = Pattern.compile("(\\d{1,6})\\s+in\\s+(\\S+)");
    private static final Pattern HEARTBEAT = Pattern.compile("(\\S+?)\\s*,\\s*deadline\\s+(\\S+)");
    private static final Pattern MEMORY = Pattern.compile("(\\d+)([kKmMgG])");
    private static final Pattern HEAP = Pattern.compile("(\\d{1,6})([mMgG]?)");
    private static final Duration LONGEST = Duration.ofDays(1);
    static final Set<String> KEYS = Set.of("module", "main", "args", "endpoints", "grants", "needs", "privileges",
        "restart", "backoff", "max-restarts", "heartbeat", "start-deadline", "heap", "memory", "jit", "devices", "autostart", "session");
    static final Duration DEFAULT_START_DEADLINE = Duration.ofSeconds(10);
    static final int DEFAULT_HEAP_MIB = 32;

    /** One section as read: its header line, and each key's raw value and line. */
    private static final class Section {
        final String name;
        final int line;
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, Integer> lines = new HashMap<>();

        Section(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private final String source;
    private final List<Section> sections = new ArrayList<>();

    ManifestParser(String source) {
        this.source = source;
    }

    /** A whole manifest: every section, cross-references checked. */
    List<ServiceDescriptor> manifest(String text) throws ManifestException {
        read(text);
        List<ServiceDescriptor> out = new ArrayList<>();
        for (Section s : sections) out.add(descriptor(s));
        checkReferences(out);
        return out;
    }

    /** Exactly one section; references to other services are left for the caller to check. */
    ServiceDescriptor section(String text) throws ManifestException {
        read(text);
        if (sections.size() != 1) throw new ManifestException(source, "expected exactly one [section], found " + sections.size());
        return descriptor(sections.getFirst());
    }

    // ---------------------------------------------------------------- lines

    private void read(String text) throws ManifestException {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) line(i + 1, stripComment(lines[i]).strip());
    }

    /** A {@code #} starts a comment at the start of a line or after white space (so {@code a#b} is a value). */
    static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return line.substring(0, i);
        }
        return line;
    }

    private void line(int n, String line) throws ManifestException {
        if (line.isEmpty()) return;
        Matcher section = SECTION.matcher(line);
        if (section.matches()) {
            newSection(n, section.group(1));
            return;
        }
        Matcher kv = KEY_VALUE.matcher(line);
        if (!kv.matches()) throw error(n, "expected '[service]' or 'key = value', found '" + line + "'");
        if (sections.isEmpty()) throw error(n, "'" + kv.group(1) + "' is outside any [section]");
        Section s = sections.getLast();
        String key = kv.group(1);
        if (!KEYS.contains(key)) throw error(n, "[" + s.name + "] unknown key '" + key + "' (known: " + String.join(", ", sortedKeys()) + ")");
        if (s.values.containsKey(key)) throw error(n, "[" + s.name + "] duplicate key '" + key + "' (first at line " + s.lines.get(key) + ")");
        s.values.put(key, kv.group(2).strip());
        s.lines.put(key, n);
    }

    private void newSection(int n, String name) throws ManifestException {
        if (!ProcessSpec.isValidName(name)) throw error(n, "bad service name '" + name + "': 1-64 of A-Z a-z 0-9 . _ -");
        for (Section s : sections) {
            if (s.name.equals(name)) throw error(n, "duplicate section [" + name + "] (first at line " + s.line + ")");
        }
        sections.add(new Section(name, n));
    }

    private static List<String> sortedKeys() {
        return KEYS.stream().sorted().toList();
    }

    // ---------------------------------------------------------------- values

    private ServiceDescriptor descriptor(Section s) throws ManifestException {
        for (String required : List.of("module", "main")) {
            if (!s.values.containsKey(required)) throw error(s.line, "[" + s.name + "] missing key '" + required + "'");
        }
        String module = value(s, "module", null, ManifestParser::qualifiedName);
        String main = value(s, "main", null, ManifestParser::qualifiedName);
        List<String> endpoints = value(s, "endpoints", List.of(), v -> names(v, ProcessSpec.MAX_ENDPOINTS, "endpoints"));
        Heartbeat heartbeat = value(s, "heartbeat", endpoints.isEmpty() ? Heartbeat.OFF : Heartbeat.DEFAULT, ManifestParser::heartbeat);
        if (heartbeat.enabled() && endpoints.isEmpty()) {
            throw error(s.lines.get("heartbeat"), "[" + s.name + "] heartbeat needs an endpoint to call; use 'heartbeat = off'");
        }
        try {
            return new ServiceDescriptor(s.name, module, main,
                value(s, "args", List.of(), ManifestParser::args), endpoints,
                value(s, "grants", List.of(), v -> names(v, ProcessSpec.MAX_GRANTS - 1, "grants")),
                value(s, "needs", List.of(), v -> names(v, 64, "needs")),
                value(s, "privileges", 0, Privileges::parse), restart(s), heartbeat,
                value(s, "start-deadline", DEFAULT_START_DEADLINE, v -> positive(duration(v))),
                value(s, "heap", DEFAULT_HEAP_MIB, ManifestParser::heap),
                value(s, "memory", ProcessSpec.DEFAULT_MEMORY_QUOTA, ManifestParser::memory),
                value(s, "jit", Jit.LATE, ManifestParser::jit),
                value(s, "devices", List.of(), v -> names(v, 8, "devices")),
                value(s, "autostart", true, ManifestParser::yesNo), value(s, "session", false, ManifestParser::yesNo),
                source + ":" + s.line);
        } catch (IllegalArgumentException e) {
            throw error(s.line, "[" + s.name + "] " + e.getMessage());
        }
    }

    private RestartPolicy restart(Section s) throws ManifestException {
        RestartPolicy d = RestartPolicy.DEFAULT;
        RestartPolicy.Mode mode = value(s, "restart", d.mode(), ManifestParser::mode);
        Backoff backoff = value(s, "backoff", new Backoff(d.backoffFirst(), d.backoffCap()), ManifestParser::backoff);
        Limit max = value(s, "max-restarts", new Limit(d.maxRestarts(), d.period()), ManifestParser::maxRestarts);
        return new RestartPolicy(mode, backoff.first(), backoff.cap(), max.count(), max.period());
    }

    /** The decoded value of {@code key}, or {@code absent} when the section does not set it. */
    private <T> T value(Section s, String key, T absent, Function<String, T> decode) throws ManifestException {
        String raw = s.values.get(key);
        if (raw == null) return absent;
        try {
            return decode.apply(raw);
        } catch (IllegalArgumentException e) {
            throw error(s.lines.get(key), "[" + s.name + "] " + key + ": " + e.getMessage());
        }
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException("bad duration '" + text + "' (write e.g. 250ms, 3s, 2m, 1h)");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(LONGEST) > 0) throw new IllegalArgumentException("duration '" + text + "' is longer than a day");
        return d;
    }

    private static Duration positive(Duration d) {
        if (!d.isPositive()) throw new IllegalArgumentException("must be longer than 0");
        return d;
    }

    private static String qualifiedName(String v) {
        if (!v.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*") || v.length() > ProcessSpec.MAX_CLASS) {
            throw new IllegalArgumentException("'" + v + "' is not a dotted Java name");
        }
        return v;
    }

    private static List<String> words(String v) {
        return v.isBlank() ? List.of() : List.of(v.strip().split("[\\s,]+"));
    }

    private static List<String> names(String v, int max, String what) {
        List<String> out = words(v);
        if (out.size() > max) throw new IllegalArgumentException("at most " + max + " " + what);
        if (new HashSet<>(out).size() != out.size()) throw new IllegalArgumentException("a name appears twice");
        for (String n : out) if (!ProcessSpec.isValidName(n)) throw new IllegalArgumentException("bad name '" + n + "'");
        return out;
    }

    private static List<String> args(String v) {
        List<String> out = v.isBlank() ? List.of() : List.of(v.strip().split("\\s+"));
        if (out.size() > ProcessSpec.MAX_ARGS) throw new IllegalArgumentException("at most " + ProcessSpec.MAX_ARGS + " arguments");
        for (String a : out) if (a.length() > ProcessSpec.MAX_ARG) throw new IllegalArgumentException("argument longer than " + ProcessSpec.MAX_ARG);
        return out;
    }

    private static RestartPolicy.Mode mode(String v) {
        RestartPolicy.Mode m = RestartPolicy.Mode.parse(v);
        if (m == null) throw new IllegalArgumentException("'" + v + "' is not always, on-failure or never");
        return m;
    }

    private record Backoff(Duration first, Duration cap) { }

    private record Limit(int count, Duration period) { }

    private static Backoff backoff(String v) {
        Matcher m = BACKOFF.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("write FIRST..CAP, e.g. 100ms..5s");
        Duration first = duration(m.group(1)), cap = duration(m.group(2));
        if (cap.compareTo(first) < 0) throw new IllegalArgumentException("cap " + m.group(2) + " is shorter than first " + m.group(1));
        return new Backoff(first, cap);
    }

    private static Limit maxRestarts(String v) {
        Matcher m = MAX_RESTARTS.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("write COUNT in PERIOD, e.g. 5 in 60s");
        return new Limit(Integer.parseInt(m.group(1)), positive(duration(m.group(2))));
    }

    private static Heartbeat heartbeat(String v) {
        if (v.equals("off")) return Heartbeat.OFF;
        Matcher m = HEARTBEAT.matcher(v);
        if (m.matches()) return new Heartbeat(positive(duration(m.group(1))), positive(duration(m.group(2))));
        if (DURATION.matcher(v).matches()) return new Heartbeat(positive(duration(v)), duration(v).multipliedBy(3));
        throw new IllegalArgumentException("write 'off' or INTERVAL, deadline DEADLINE, e.g. 1s, deadline 3s");
    }

    private static int heap(String v) {
        Matcher m = HEAP.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("bad heap size '" + v + "' (write e.g. 32m or 1g)");
        long mib = Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1);
        if (mib < 8 || mib > ProcessSpec.MAX_HEAP_MIB) throw new IllegalArgumentException("heap must be 8m.." + ProcessSpec.MAX_HEAP_MIB + "m");
        return (int) mib;
    }

    /** A dataspace quota: {@code 512k}, {@code 64m}, {@code 2g}. */
    private static long memory(String v) {
        Matcher m = MEMORY.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("bad memory quota '" + v + "' (write e.g. 512k, 64m or 2g)");
        long kib = Long.parseLong(m.group(1)) << switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 0;
            case "m" -> 10;
            default -> 20;
        };
        if (m.group(1).length() > 9 || kib > ProcessSpec.MAX_MEMORY_QUOTA >> 10) {
            throw new IllegalArgumentException("memory quota must be at most " + (ProcessSpec.MAX_MEMORY_QUOTA >> 30) + "g");
        }
        return kib << 10;
    }

    private static Jit jit(String v) {
        return switch (v) {
            case "late" -> Jit.LATE;
            case "early" -> Jit.EARLY;
            default -> throw new IllegalArgumentException("'" + v + "' is not late or early");
        };
    }

    private static boolean yesNo(String v) {
        return switch (v) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("'" + v + "' is not yes or no");
        };
    }

    // ---------------------------------------------------------------- cross-references

    private void checkReferences(List<ServiceDescriptor> all) throws ManifestException {
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            for (String e : all.get(i).endpoints()) {
                String prior = owners.putIfAbsent(e, all.get(i).name());
                if (prior != null || e.equals(ServiceDescriptor.RS)) {
                    throw error(sections.get(i).lines.get("endpoints"), "[" + all.get(i).name() + "] endpoint '" + e
                        + "' is already " + (prior != null ? "served by [" + prior + "]" : "rs's own"));
                }
            }
        }
        Set<String> names = new HashSet<>();
        all.forEach(d -> names.add(d.name()));
        String session = null;
        for (int i = 0; i < all.size(); i++) {
            ServiceDescriptor d = all.get(i);
            Section s = sections.get(i);
            for (String n : d.needs()) {
                if (!names.contains(n)) throw error(s.lines.get("needs"), "[" + d.name() + "] needs unknown service '" + n + "'");
                if (n.equals(d.name())) throw error(s.lines.get("needs"), "[" + d.name() + "] needs itself");
            }
            for (String g : d.grants()) {
                if (!owners.containsKey(g) && !g.equals(ServiceDescriptor.RS)) {
                    throw error(s.lines.get("grants"), "[" + d.name() + "] grants unknown endpoint '" + g + "' (no section serves it)");
                }
            }
            if (d.session() && session != null) throw error(s.lines.get("session"), "[" + d.name() + "] a second session service (first: [" + session + "])");
            if (d.session()) session = d.name();
        }
        List<String> cycle = Manifest.findCycle(all);
        if (!cycle.isEmpty()) {
            Section first = sections.get(all.indexOf(all.stream().filter(d -> d.name().equals(cycle.getFirst())).findFirst().orElseThrow()));
            throw error(first.line, "dependency cycle (needs and grants): " + String.join(" -> ", cycle));
        }
    }

    private ManifestException error(int line, String problem) {
        return new ManifestException(source + ":" + line, problem);
    }
}
