package dev.kernite.kernel.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what the host knows about a process from /proc: its threads and resident memory. A process that is gone
 * reads as zero.
 *
 * <p>Thread safety: stateless.
 */
public final class ProcFs {
    private ProcFs() {}

    /** Number of threads (entries of /proc/PID/task). */
    public static int threads(int pid) {
        try (var s = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            return (int) s.count();
        } catch (IOException | SecurityException e) {
            return 0;
        }
    }

    /** Resident set size in KiB (VmRSS of /proc/PID/status). */
    public static long rssKiB(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
