package dev.kernite.bench.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where and when a benchmark ran: the facts a reader needs to judge its numbers, as one line for people and as
 * a JSON object for files.
 *
 * <p>Thread safety: immutable.
 */
public record RunInfo(String os, String osVersion, String arch, int cpus, String javaVersion, String vm,
                      Instant startedAt) {

    /** This JVM's host and runtime, now. */
    public static RunInfo current() {
        return new RunInfo(System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                Runtime.version().toString(), System.getProperty("java.vm.name"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** E.g. "host: Linux 6.8.0 amd64, 2 cpus, Java 25+36 (OpenJDK 64-Bit Server VM)". */
    public String line() {
        return "host: " + os + " " + osVersion + " " + arch + ", " + cpus + (cpus == 1 ? " cpu" : " cpus")
                + ", Java " + javaVersion + " (" + vm + ")";
    }

    public Json.Obj toJson() {
        return Json.object().put("os", os).put("os_version", osVersion).put("arch", arch).put("cpus", cpus)
                .put("java_version", javaVersion).put("vm", vm).put("started_at", startedAt.toString());
    }
}
