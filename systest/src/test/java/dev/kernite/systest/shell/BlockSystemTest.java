package dev.kernite.systest.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The block driver as a real service under rs, on the machine's block device (a disk image the kernel makes on
 * first boot): a client writes and reads checksummed blocks while the driver is killed with SIGKILL again and
 * again through the shell. Every block must read back as the last write that was acknowledged to it.
 */
@Timeout(300)
class BlockSystemTest {
    private static final Duration BOOT = Duration.ofSeconds(90);

    static final String MANIFEST = Sections.NAMES + """
        [blk]
        module        = kernite.blk
        main          = dev.kernite.blk.BlockDriver
        endpoints     = blk
        devices       = blk0
        needs         = names
        restart       = always
        backoff       = 100ms..1s
        max-restarts  = 10 in 60s
        heartbeat     = 1s, deadline 3s
        start-deadline= 30s

        [blkcheck]
        module        = kernite.blk
        main          = dev.kernite.blk.BlkLoad
        args          = check 25 2048
        needs         = names, blk
        restart       = never
        heartbeat     = off
        start-deadline= 30s

        """ + Sections.shell("names, blk");

    private static final Pattern BLK_ROW = Pattern.compile("^blk0\\s+blk\\s+64M\\s+rw\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+(\\d+)$");
    private static final Pattern PS_BLK = Pattern.compile("^\\s*(\\d+)\\s+blk\\s+running\\s.*\\s(\\d+)\\s+\\S+$");

    @Test
    void killingTheDriverMidIoLosesNoAcknowledgedWrite() throws Exception {
        try (ConsoleSystem sys = new ConsoleSystem(MANIFEST)) {
            sys.type("echo @@ready");
            sys.await("@@ready", 0, BOOT);
            List<String> blk = sys.run("blk");
            // (init's last boot-log lines may land among a command's output: look for lines, not positions)
            assertTrue(blk.stream().anyMatch(l -> l.matches("^DEVICE\\s+DRIVER\\s+SIZE\\s+MODE\\s+READS\\s+WRITES\\s+FLUSHES\\s+READ\\s+WRITTEN\\s+ERRORS\\s+RESETS$")), String.join("\n", blk));
            assertTrue(blk.stream().anyMatch(l -> BLK_ROW.matcher(l).matches()), String.join("\n", blk));
            // the driver's queue memory, and the checker's buffer that the driver holds and the device reaches
            List<String> mem = sys.run("mem blk");
            assertTrue(mem.stream().anyMatch(l -> l.matches("^ID\\s+OWNER\\s+HOLDER\\s+OFFSET\\s+SIZE\\s+RIGHTS\\s+GRANTS\\s+DMA$")), String.join("\n", mem));
            assertTrue(mem.stream().anyMatch(l -> l.matches("^\\s*\\d+\\s+blk\\[\\d+\\]\\s+blk\\[\\d+\\]\\s+0\\s+\\S+\\s+grant\\|read\\|write\\s+0\\s+1$")),
                "the driver's own DMA memory, mapped for the device:\n" + String.join("\n", mem));
            assertTrue(mem.stream().anyMatch(l -> l.matches("^\\s*\\d+\\s+blkcheck\\[\\d+\\]\\s+blk\\[\\d+\\]\\s+0\\s+4K\\s+read\\|write\\s+0\\s+1$")),
                "the checker's buffer, granted to the driver and mapped for the device:\n" + String.join("\n", mem));
            for (int i = 0; i < 3; i++) {
                Thread.sleep(3000);
                long pid = blkPid(sys);
                assertTrue(sys.run("kill -9 blk").contains("blk: killed (SIGKILL)"));
                awaitNewPid(sys, pid);
            }
            String result = sys.awaitLogLine("blkcheck", l -> l.startsWith("RESULT check "), Duration.ofSeconds(90));
            System.out.println("blkcheck: " + result + " (RESULT check WRITES READS BAD RETRIES)");
            Matcher m = Pattern.compile("^RESULT check (\\d+) (\\d+) (\\d+) (\\d+)$").matcher(result);
            assertTrue(m.matches(), result);
            assertTrue(Long.parseLong(m.group(1)) > 100, "writes: " + result);
            assertEquals("0", m.group(3), "blocks that did not hold their last acknowledged write: " + result);
            assertTrue(Long.parseLong(m.group(4)) >= 1, "the client resent requests across the kills: " + result);
            Matcher after = sys.run("blk").stream().map(BLK_ROW::matcher).filter(Matcher::matches).findFirst().orElseThrow();
            assertEquals("0", after.group(4), "device errors");
            sys.type("exit");
            assertEquals(0, sys.awaitExit(Duration.ofSeconds(60)));
        }
    }

    private static long blkPid(ConsoleSystem sys) throws Exception {
        for (String l : sys.run("ps")) {
            Matcher m = PS_BLK.matcher(l);
            if (m.matches()) return Long.parseLong(m.group(1));
        }
        fail("blk is not running");
        return 0;
    }

    private static void awaitNewPid(ConsoleSystem sys, long old) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : sys.run("ps")) {
                Matcher m = PS_BLK.matcher(l);
                if (m.matches() && Long.parseLong(m.group(1)) != old) return;
            }
            Thread.sleep(200);
        }
        fail("blk did not come back after kill -9 of " + old + ":\n" + sys.transcript());
    }
}
