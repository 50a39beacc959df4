package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The Linux tools the file-system tests check Kernite's disk with (e2fsprogs), and temp-directory cleanup. */
final class LinuxTools {
    private LinuxTools() {}

    /** Runs a command; fails unless it exits {@code expected} (-1: 0 or 1, as e2fsck -fy after a repair). */
    static void run(List<String> command, int expected) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " hung");
        int rc = p.exitValue();
        if (expected == -1 ? rc > 1 : rc != expected) fail(command + " exited " + rc + ":\n" + output);
    }

    /** The bytes of {@code path} in the ext2 image, as debugfs reads them. */
    static byte[] debugfsCat(Path image, String path) throws Exception {
        Path out = Files.createTempFile("kernite-debugfs-", ".out");
        try {
            Process p = new ProcessBuilder("debugfs", "-R", "cat " + path, image.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "debugfs hung");
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
