package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The file commands of the real shell on the real file server (ext2 on the machine's disk, formatted at first
 * boot, and the tmpfs on /tmp), as a person types them; after the session, Linux's e2fsck finds nothing to fix and
 * debugfs reads what the shell wrote.
 */
@Timeout(240)
class ShellFilesSystemTest {
    private static final Duration BOOT = Duration.ofSeconds(90);

    @Test
    void aPersonsFileSessionLandsOnTheDiskAsLinuxReadsIt() throws Exception {
        try (ConsoleSystem sys = new ConsoleSystem(manifest())) {
            sys.type("echo @@ready");
            sys.await("@@ready", 0, BOOT);
            assertEquals(List.of(), run(sys, "mkdir -p /home/ann/docs"));
            assertEquals(List.of(), run(sys, "cd /home/ann"));
            assertEquals(List.of("/home/ann"), run(sys, "pwd"));
            assertEquals(List.of(), run(sys, "echo hello kernite > notes.txt"));
            assertEquals(List.of(), run(sys, "echo 'second line' >> notes.txt"));
            assertEquals(List.of("hello kernite", "second line"), run(sys, "cat notes.txt"));
            run(sys, "cp notes.txt docs/copy.txt");
            run(sys, "mv docs/copy.txt docs/moved.txt");
            assertEquals(List.of("moved.txt"), run(sys, "ls docs"));
            List<String> ls = run(sys, "ls -l");
            assertTrue(ls.getFirst().matches("^MODE\\s+LINKS\\s+UID\\s+GID\\s+SIZE\\s+MODIFIED\\s+NAME$"), String.join("\n", ls));
            assertTrue(ls.stream().anyMatch(l -> l.matches("^drwxr-xr-x\\s+2\\s+0\\s+0\\s+\\d+\\s+\\S+ \\S+\\s+docs$")), String.join("\n", ls));
            assertTrue(ls.stream().anyMatch(l -> l.matches("^-rw-r--r--\\s+1\\s+0\\s+0\\s+26\\s+\\S+ \\S+\\s+notes\\.txt$")), String.join("\n", ls));
            assertTrue(run(sys, "stat notes.txt").stream().anyMatch(l -> l.startsWith("  Type: file  Size: 26  ")), sys.transcript());
            run(sys, "touch empty");
            assertEquals(List.of("docs", "empty", "notes.txt"), run(sys, "ls"));
            run(sys, "rm empty");
            assertEquals(List.of("kernite: rmdir: /home/ann/docs: ENOTEMPTY (directory not empty)"), run(sys, "rmdir docs"));
            assertEquals(List.of("kernite: cat: /home/ann/nothere: ENOENT (no such file or directory)"), run(sys, "cat nothere"));
            assertEquals(List.of(), run(sys, "echo scratch > /tmp/t"));
            assertEquals(List.of("scratch"), run(sys, "cat /tmp/t"));
            List<String> df = run(sys, "df");
            assertTrue(df.stream().anyMatch(l -> l.matches("^\\S+\\s+ext2\\s+.*\\s+/$")), String.join("\n", df));
            assertTrue(df.stream().anyMatch(l -> l.matches("^\\S+\\s+tmpfs\\s+.*\\s+/tmp$")), String.join("\n", df));
            assertTrue(run(sys, "mount").stream().anyMatch(l -> l.matches("^\\S+\\s+ext2\\s+/\\s+rw$")), sys.transcript());
            assertTrue(run(sys, "du -s /home").stream().anyMatch(l -> l.matches("^\\S+\t/home$")), sys.transcript());
            assertEquals(List.of(), run(sys, "sync"));
            sys.type("exit");
            assertEquals(0, sys.awaitExit(Duration.ofSeconds(60)));
            Path image = sys.dir.resolve(".kernite/disk.img");
            LinuxTools.run(List.of("e2fsck", "-fn", image.toString()), 0);
            String notes = "hello kernite\nsecond line\n";
            assertEquals(notes, new String(LinuxTools.debugfsCat(image, "/home/ann/notes.txt"), StandardCharsets.UTF_8));
            assertEquals(notes, new String(LinuxTools.debugfsCat(image, "/home/ann/docs/moved.txt"), StandardCharsets.UTF_8));
        }
    }

    /** A command's output lines, without init's boot-log lines that may land among them ("[   2.884] ..."). */
    private static List<String> run(ConsoleSystem sys, String command) throws Exception {
        return sys.run(command).stream().filter(l -> !l.matches("^\\[\\s*\\d+\\.\\d+\\] .*")).toList();
    }

    /** FileServerSystemTest's system: names, blk, fs (ext2 on blk0), the shell. */
    private static String manifest() throws IOException {
        try (InputStream in = ShellFilesSystemTest.class.getResourceAsStream("fileserver.manifest")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
