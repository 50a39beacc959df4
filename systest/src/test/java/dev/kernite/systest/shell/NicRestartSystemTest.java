package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The NIC driver under rs on a looped network device ({@code --net loop}): a client sends checksummed frames to
 * itself while the driver is killed with SIGKILL twice through the shell. rs restarts it, the client reconnects,
 * and traffic resumes; frames in flight may be lost, none arrives corrupted, nothing hangs.
 */
@Timeout(300)
class NicRestartSystemTest {
    static final String MANIFEST = Sections.NAMES + """
        [nic]
        module        = kernite.nic
        main          = dev.kernite.nic.NicDriver
        endpoints     = nic
        devices       = net0
        needs         = names
        restart       = always
        backoff       = 100ms..1s
        max-restarts  = 10 in 60s
        heartbeat     = 1s, deadline 3s
        start-deadline= 30s
        memory        = 8m

        [nicload]
        module        = kernite.nic
        main          = dev.kernite.nic.NicLoad
        args          = loop nic 20
        needs         = names, nic
        restart       = never
        heartbeat     = off
        start-deadline= 30s
        memory        = 8m

        """ + Sections.shell("names, nic");

    @Test
    void killingTheDriverUnderTrafficLosesFramesButNothingHangs() throws Exception {
        try (ConsoleSystem sys = new ConsoleSystem(MANIFEST, java.util.List.of("--net", "loop"))) {
            sys.type("echo @@ready");
            sys.await("@@ready", 0, Duration.ofSeconds(90));
            for (int i = 0; i < 2; i++) {
                Thread.sleep(3000);
                assertTrue(sys.run("kill -9 nic").contains("nic: killed (SIGKILL)"), sys.transcript());
            }
            String result = sys.awaitLogLine("nicload", l -> l.startsWith("RESULT loop "), Duration.ofSeconds(90));
            String log = log(sys, "nicload");
            System.out.println("nicload: " + result);
            Matcher m = Pattern.compile("^RESULT loop (\\d+) (\\d+) (\\d+)$").matcher(result);
            assertTrue(m.matches(), result);
            long sent = Long.parseLong(m.group(1)), received = Long.parseLong(m.group(2));
            assertEquals("0", m.group(3), "corrupted frames");
            assertTrue(received > sent / 2, "most frames came back: " + result);
            String[] progress = log.lines().filter(l -> l.startsWith("PROGRESS ")).toArray(String[]::new);
            assertTrue(progress.length >= 10, log);
            long lateReceived = Long.parseLong(progress[progress.length - 1].split(" ")[2]);
            long earlier = Long.parseLong(progress[progress.length - 4].split(" ")[2]);
            assertTrue(lateReceived > earlier, "traffic resumed after the kills:\n" + log);
            sys.type("exit");
            assertEquals(0, sys.awaitExit(Duration.ofSeconds(60)));
        }
    }

    private static String log(ConsoleSystem sys, String service) throws Exception {
        try (var files = Files.list(sys.dir.resolve(".kernite/log"))) {
            StringBuilder out = new StringBuilder();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(service + "-")).toList()) out.append(Files.readString(f));
            return out.toString();
        }
    }
}
