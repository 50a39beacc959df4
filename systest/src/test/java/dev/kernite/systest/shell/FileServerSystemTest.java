package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.fs.FsLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The file server as a real service under rs, with ext2 on the machine's disk through the block driver, checked
 * against the Linux tools: files written through the client library are what {@code debugfs} reads after a clean
 * shutdown ({@code e2fsck -fn} clean); files {@code mke2fs -d} put in an image read back the same through Kernite;
 * kill -9 of the file server and of the block driver under an fsync workload loses no fsynced byte; a disk that
 * is not ext2 is refused, never formatted, and the system runs on.
 */
@Timeout(300)
class FileServerSystemTest {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final int SIZE = 100_000;

    private static String manifest(String... loads) {
        StringBuilder m;
        try (var in = FileServerSystemTest.class.getResourceAsStream("fileserver.manifest")) {
            m = new StringBuilder(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int i = 0; i < loads.length; i++) {
            m.append("\n[load%d]\nmodule = kernite.fs\nmain = dev.kernite.fs.FsLoad\nargs = %s\nneeds = names, fs\nrestart = never\nheartbeat = off\n"
                .formatted(i, loads[i]));
        }
        return m.toString();
    }

    @Test
    void filesGoBothWaysBetweenKerniteAndTheLinuxTools() throws Exception {
        Path work = Files.createTempDirectory("kernite-fs-");
        try {
            Path seed = Files.createDirectories(work.resolve("seed/seed"));
            for (int i = 0; i < 3; i++) Files.write(seed.resolve("f" + i), FsLoad.content(i, SIZE));
            Path image = work.resolve("disk.img");
            LinuxTools.run(List.of("mke2fs", "-q", "-F", "-t", "ext2", "-d", work.resolve("seed").toString(), image.toString(), "32M"), 0);
            try (ConsoleSystem sys = new ConsoleSystem(manifest("verify /seed 3 " + SIZE, "basic", "write /out 3 " + SIZE),
                    List.of("--disk", image.toString()))) {
                awaitBoot(sys);
                assertEquals("RESULT verify OK", sys.awaitLogLine("load0", l -> l.startsWith("RESULT"), BOOT));
                assertEquals("RESULT basic OK", sys.awaitLogLine("load1", l -> l.startsWith("RESULT"), BOOT));
                assertEquals("RESULT write OK", sys.awaitLogLine("load2", l -> l.startsWith("RESULT"), BOOT));
                sys.type("exit");
                assertEquals(0, sys.awaitExit(Duration.ofSeconds(60)));
                assertTrue(log(sys, "fs").contains("written back and closed"), log(sys, "fs"));
            }
            LinuxTools.run(List.of("e2fsck", "-fn", image.toString()), 0);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(FsLoad.content(i, SIZE), LinuxTools.debugfsCat(image, "/out/f" + i), "/out/f" + i);
            }
        } finally {
            LinuxTools.delete(work);
        }
    }

    @Test
    void killingTheFileServerAndTheDriverLosesNoFsyncedByte() throws Exception {
        // the default disk: blank at first boot, so the file server formats it
        try (ConsoleSystem sys = new ConsoleSystem(manifest("check 14 3"))) {
            awaitBoot(sys);
            assertTrue(log(sys, "fs").contains("formatting"), log(sys, "fs"));
            for (String victim : List.of("fs", "blk", "fs")) {
                Thread.sleep(2500);
                assertTrue(sys.run("kill -9 " + victim).contains(victim + ": killed (SIGKILL)"), sys.transcript());
            }
            String result = sys.awaitLogLine("load0", l -> l.startsWith("RESULT"), Duration.ofSeconds(120));
            System.out.println("fs check: " + result + " (RESULT check BLOCKS FSYNCED BAD RETRIES)");
            Matcher m = Pattern.compile("^RESULT check (\\d+) (\\d+) (\\d+) (\\d+)$").matcher(result);
            assertTrue(m.matches(), result + "\n" + log(sys, "load0"));
            assertEquals("0", m.group(3), "fsynced blocks that did not read back: " + result);
            assertTrue(Long.parseLong(m.group(4)) >= 1, "the client resent requests across the kills: " + result);
            long[] synced = lastFsynced(log(sys, "load0"), 3);
            sys.type("exit");
            assertEquals(0, sys.awaitExit(Duration.ofSeconds(60)));
            Path image = sys.dir.resolve(".kernite/disk.img");
            LinuxTools.run(List.of("e2fsck", "-fy", image.toString()), -1); // 0 or 1 (repaired): the kills left it unclean
            LinuxTools.run(List.of("e2fsck", "-fn", image.toString()), 0);
            for (int f = 0; f < 3; f++) {
                byte[] data = LinuxTools.debugfsCat(image, "/load/f" + f);
                assertTrue(data.length >= synced[f] * FsLoad.BLOCK, "/load/f" + f + " holds " + data.length + " bytes");
                for (int b = 0; b < synced[f]; b++) {
                    byte[] got = Arrays.copyOfRange(data, b * FsLoad.BLOCK, (b + 1) * FsLoad.BLOCK);
                    assertArrayEquals(FsLoad.block(f, b), got, "/load/f" + f + " block " + b + " after e2fsck -fy");
                }
            }
        }
    }

    @Test
    void aDiskThatIsNotExt2IsRefusedAndTheSystemRunsOn() throws Exception {
        Path work = Files.createTempDirectory("kernite-fs-");
        try {
            Path image = work.resolve("other.img");
            byte[] head = new byte[64 << 10];
            new java.util.SplittableRandom(3).nextBytes(head);
            Files.write(image, head);
            try (var ch = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(16 << 20).write(java.nio.ByteBuffer.allocate(1), (16 << 20) - 1);
            }
            try (ConsoleSystem sys = new ConsoleSystem(manifest(), List.of("--disk", image.toString()))) {
                awaitBoot(sys);
                String refusal = sys.awaitLogLine("fs", l -> l.contains("refused"), BOOT);
                assertTrue(refusal.contains("never formatted"), refusal);
                assertTrue(sys.run("ps").stream().anyMatch(l -> l.matches("^\\s*\\d+\\s+fs\\s+running\\s.*")), sys.transcript());
                sys.type("exit");
                assertEquals(0, sys.awaitExit(Duration.ofSeconds(60)));
            }
            assertArrayEquals(head, Arrays.copyOf(Files.readAllBytes(image), head.length), "the disk was left as it was");
        } finally {
            LinuxTools.delete(work);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void awaitBoot(ConsoleSystem sys) throws Exception {
        sys.type("echo @@ready");
        sys.await("@@ready", 0, BOOT);
    }

    private static String log(ConsoleSystem sys, String service) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.list(sys.dir.resolve(".kernite/log"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(service + "-")).sorted().toList()) {
                out.append(Files.readString(f));
            }
        }
        return out.toString();
    }

    /** The last "FSYNCED F BLOCKS" count per file in the load's log. */
    private static long[] lastFsynced(String log, int files) {
        long[] synced = new long[files];
        Matcher m = Pattern.compile("^FSYNCED (\\d+) (\\d+)$", Pattern.MULTILINE).matcher(log);
        while (m.find()) synced[Integer.parseInt(m.group(1))] = Long.parseLong(m.group(2));
        return synced;
    }
}
