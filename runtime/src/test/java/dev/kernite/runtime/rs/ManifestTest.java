package dev.kernite.runtime.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.control.Jit;
import dev.kernite.abi.control.Privileges;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestTest {
    private static final String NAMES = """
        [names]
        module    = kernite.names
        main      = dev.kernite.names.NamesServer
        endpoints = names
        """;

    private static Manifest parse(String text) throws ManifestException {
        return Manifest.parse("boot.manifest", text);
    }

    /** Parses {@code text}, expecting an error at {@code line} whose message contains {@code fragment}. */
    private static void bad(String text, int line, String fragment) {
        ManifestException e = assertThrows(ManifestException.class, () -> parse(text));
        assertEquals("boot.manifest:" + line, e.origin(), e.getMessage());
        assertTrue(e.problem().contains(fragment), "'" + e.problem() + "' should contain '" + fragment + "'");
        assertTrue(e.getMessage().startsWith("boot.manifest:" + line + ": "), e.getMessage());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Manifest m = parse(NAMES + """
            # a comment line
            [echo]   # the echo service
            module         = kernite.echo
            main           = dev.kernite.echo.EchoServer
            args           = a b#c   c
            endpoints      = echo, echo2
            grants         = rs
            needs          = names
            privileges     = inspect|console
            restart        = always
            backoff        = 50ms..2s
            max-restarts   = 3 in 1m
            heartbeat      = 500ms, deadline 2s
            start-deadline = 4s
            heap           = 1g
            memory         = 256m
            jit            = early
            devices        = blk0 net0
            autostart      = no
            session        = yes
            """);
        ServiceDescriptor d = m.service("echo").orElseThrow();
        assertEquals("kernite.echo", d.module());
        assertEquals("dev.kernite.echo.EchoServer", d.mainClass());
        assertEquals(List.of("a", "b#c", "c"), d.args());
        assertEquals(List.of("echo", "echo2"), d.endpoints());
        assertEquals(List.of("rs"), d.grants());
        assertEquals(List.of("names"), d.needs());
        assertEquals(Privileges.INSPECT | Privileges.CONSOLE, d.privileges());
        assertEquals(new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ofMillis(50), Duration.ofSeconds(2), 3, Duration.ofMinutes(1)), d.restart());
        assertEquals(new Heartbeat(Duration.ofMillis(500), Duration.ofSeconds(2)), d.heartbeat());
        assertEquals(Duration.ofSeconds(4), d.startDeadline());
        assertEquals(1024, d.heapMiB());
        assertEquals(256L << 20, d.memoryQuota());
        assertEquals(Jit.EARLY, d.jit());
        assertEquals(List.of("blk0", "net0"), d.devices());
        assertFalse(d.autostart());
        assertTrue(d.session());
        assertEquals("boot.manifest:6", d.origin());
        assertEquals(d, m.session().orElseThrow());
    }

    @Test
    void leftOutKeysTakeTheirDefaults() throws Exception {
        ServiceDescriptor d = parse(NAMES).services().getFirst();
        assertEquals(RestartPolicy.DEFAULT, d.restart());
        assertEquals(Heartbeat.DEFAULT, d.heartbeat());
        assertEquals(Duration.ofSeconds(10), d.startDeadline());
        assertEquals(32, d.heapMiB());
        assertEquals(64L << 20, d.memoryQuota());
        assertEquals(Jit.LATE, d.jit());
        assertEquals(List.of(), d.devices());
        assertTrue(d.autostart());
        assertFalse(d.session());
        assertEquals(0, d.privileges());
        ServiceDescriptor quiet = parse("[job]\nmodule = a.b\nmain = a.b.C\n").services().getFirst();
        assertEquals(Heartbeat.OFF, quiet.heartbeat(), "no endpoints: nothing to call");
    }

    @Test
    void aDescriptorWritesOutAsASectionThatParsesBackToIt() throws Exception {
        Manifest m = parse(NAMES + """
            [shell]
            module = kernite.shell
            main = dev.kernite.shell.Shell
            grants = rs names
            needs = names
            privileges = inspect|console
            restart = never
            backoff = 0ms..0ms
            max-restarts = 0 in 1h
            heap = 64m
            memory = 1536k
            jit = early
            devices = blk0
            session = yes
            """);
        for (ServiceDescriptor d : m.services()) {
            ServiceDescriptor back = Manifest.parseSection("again", d.toSection());
            assertEquals(d.withOrigin("again:1"), back, d.toSection());
        }
    }

    @Test
    void bootWavesFollowNeedsAndGrants() throws Exception {
        Manifest m = parse(NAMES + """
            [shell]
            module = a.b
            main = a.b.C
            grants = echo rs
            [echo]
            module = a.b
            main = a.b.C
            endpoints = echo
            needs = names
            [lazy]
            module = a.b
            main = a.b.C
            autostart = no
            [helper]
            module = a.b
            main = a.b.C
            autostart = no
            [user]
            module = a.b
            main = a.b.C
            needs = helper
            """);
        List<List<String>> waves = m.bootWaves().stream().map(w -> w.stream().map(ServiceDescriptor::name).toList()).toList();
        assertEquals(List.of(List.of("names", "helper"), List.of("echo", "user"), List.of("shell")), waves,
            "lazy is left out; helper is started because user needs it; shell waits for the endpoint it is granted");
    }

    @Test
    void durationsReadAndWriteInTheirLargestExactUnit() {
        assertEquals(Duration.ofMillis(250), Manifest.parseDuration("250ms"));
        assertEquals(Duration.ofHours(2), Manifest.parseDuration("2h"));
        assertEquals("1500ms", Manifest.formatDuration(Duration.ofMillis(1500)));
        assertEquals("2m", Manifest.formatDuration(Duration.ofSeconds(120)));
        assertEquals("0s", Manifest.formatDuration(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Manifest.parseDuration("1.5s"));
        assertThrows(IllegalArgumentException.class, () -> Manifest.parseDuration("2d"));
    }

    @Test
    void aSectionAloneIsCheckedButItsReferencesAreLeftToTheCaller() throws Exception {
        ServiceDescriptor d = Manifest.parseSection("START", "[late]\nmodule = a.b\nmain = a.b.C\nneeds = nobody\n");
        assertEquals(List.of("nobody"), d.needs());
        ManifestException two = assertThrows(ManifestException.class, () -> Manifest.parseSection("START", NAMES + NAMES.replace("names]", "n2]")));
        assertTrue(two.getMessage().contains("exactly one [section], found 2"), two.getMessage());
        assertThrows(ManifestException.class, () -> Manifest.parseSection("START", "   \n# nothing\n"));
    }

    // ---------------------------------------------------------------- bad input names file:line

    @Test
    void unknownKey() { bad(NAMES + "hartbeat = 1s\n", 5, "[names] unknown key 'hartbeat'"); }

    @Test
    void duplicateKey() { bad(NAMES + "main = x.Y\n", 5, "duplicate key 'main' (first at line 3)"); }

    @Test
    void duplicateSection() { bad(NAMES + "\n" + NAMES, 6, "duplicate section [names] (first at line 1)"); }

    @Test
    void keyOutsideASection() { bad("module = a.b\n" + NAMES, 1, "outside any [section]"); }

    @Test
    void lineThatIsNeitherSectionNorKeyValue() { bad(NAMES + "restart always\n", 5, "expected '[service]' or 'key = value'"); }

    @Test
    void badSectionName() { bad("[no such]\nmodule = a\nmain = a.B\n", 1, "bad service name 'no such'"); }

    @Test
    void missingModule() { bad("[x]\nmain = a.B\n", 1, "[x] missing key 'module'"); }

    @Test
    void badClassName() { bad("[x]\nmodule = a.b\nmain = a.b.1C\n", 3, "not a dotted Java name"); }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "start-deadline = 10   | bad duration '10'",
        "start-deadline = 0s   | must be longer than 0",
        "start-deadline = 2d   | bad duration '2d'",
        "start-deadline = 25h  | longer than a day",
        "backoff = 5s..100ms   | cap 100ms is shorter than first 5s",
        "backoff = 100ms       | write FIRST..CAP",
        "backoff = 1x..2s      | bad duration '1x'",
        "max-restarts = 5      | write COUNT in PERIOD",
        "max-restarts = 5 in 0s | must be longer than 0",
        "heartbeat = 1s deadline 3s | write 'off' or INTERVAL, deadline DEADLINE",
        "heartbeat = 1s, deadline 0s | must be longer than 0",
        "restart = sometimes   | 'sometimes' is not always, on-failure or never",
        "autostart = maybe     | 'maybe' is not yes or no",
        "jit = EARLY           | 'EARLY' is not late or early",
        "heap = 32k            | bad heap size '32k'",
        "heap = 4m             | heap must be 8m..",
        "memory = 64           | bad memory quota '64'",
        "memory = 65g          | memory quota must be at most 64g",
        "memory = 99999999999g | memory quota must be at most 64g",
        "devices = blk0 blk0   | a name appears twice",
        "privileges = root     | unknown privilege 'root'",
        "grants = a a          | a name appears twice",
        "needs = no/slash      | bad name 'no/slash'",
    })
    void badValuesNameTheirLine(String line, String fragment) {
        bad(NAMES + line + "\n", 5, "[names] ");
        bad(NAMES + line + "\n", 5, fragment.strip());
    }

    @Test
    void heartbeatWithoutEndpoint() { bad("[x]\nmodule = a.b\nmain = a.B\nheartbeat = 1s, deadline 3s\n", 4, "heartbeat needs an endpoint"); }

    @Test
    void unknownDependency() { bad(NAMES + "[echo]\nmodule = a.b\nmain = a.B\nneeds = names nmes\n", 8, "[echo] needs unknown service 'nmes'"); }

    @Test
    void needsItself() { bad(NAMES + "needs = names\n", 5, "needs itself"); }

    @Test
    void unknownGrantedEndpoint() { bad(NAMES + "[x]\nmodule = a.b\nmain = a.B\ngrants = rs ehco\n", 8, "grants unknown endpoint 'ehco'"); }

    @Test
    void endpointServedTwice() { bad(NAMES + "[x]\nmodule = a.b\nmain = a.B\nendpoints = names\n", 8, "endpoint 'names' is already served by [names]"); }

    @Test
    void rsEndpointIsTaken() { bad("[x]\nmodule = a.b\nmain = a.B\nendpoints = rs\n", 4, "endpoint 'rs' is already rs's own"); }

    @Test
    void twoSessionServices() {
        bad("[a]\nmodule = a.b\nmain = a.B\nsession = yes\n[b]\nmodule = a.b\nmain = a.B\nsession = yes\n", 8, "a second session service (first: [a])");
    }

    @Test
    void dependencyCycle() {
        bad(NAMES + """
            [a]
            module = a.b
            main = a.B
            needs = names c
            [b]
            module = a.b
            main = a.B
            needs = a
            endpoints = bee
            [c]
            module = a.b
            main = a.B
            grants = bee
            """, 5, "dependency cycle (needs and grants): a -> c -> b -> a");
    }

    @Test
    void windowsLineEndingsAndBlankLinesAreFine() throws Exception {
        assertEquals(1, parse(NAMES.replace("\n", "\r\n") + "\r\n\r\n").services().size());
    }

    @Test
    void anEmptyManifestHasNoServices() throws Exception {
        assertTrue(parse("# nothing here\n").services().isEmpty());
        assertTrue(parse("").bootWaves().isEmpty());
    }
}
