package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Boots a kernel with real service processes and exercises IPC, capabilities and failure across them. */
@Timeout(120)
class IpcSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void callAndReplyAcrossProcesses() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            int echo = sys.echo("echo");
            int client = sys.probe("client", List.of(), List.of("echo"), "call", "echo", "20000");
            sys.awaitLine("client", "^RESULT call ok 20000$", WAIT);
            assertTrue(sys.alive(echo));
            // the kernel counted the messages on the channel without being on the data path
            long requests = sys.kernel.channels().stream().filter(c -> c.clientPid() == client)
                .mapToLong(ChannelInfo::requests).max().orElse(-1);
            assertTrue(requests == 20000 || requests == -1, "request count " + requests);
        }
    }

    @Test
    void introspectionCountsMessagesOnLiveChannels() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            int echo = sys.echo("echo");
            int client = sys.probe("looper", List.of(), List.of("echo"), "loop", "echo");
            ChannelInfo c = sys.awaitChannel(ch -> ch.clientPid() == client && ch.requests() > 1000, WAIT);
            assertEquals(echo, c.serverPid());
            assertEquals("echo", c.endpoint());
            assertEquals("open", c.state());
            assertEquals((long) client, c.badge() >>> 32, "the badge names the calling process");
            assertTrue(sys.kernel.processes().stream().anyMatch(p -> p.pid() == client && p.threads() > 1));
        }
    }

    @Test
    void withoutACapabilityAnEndpointCannotBeReached() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.echo("echo");
            sys.probe("nocap", List.of(), List.of(), "connect", "echo");
            sys.awaitLine("nocap", "^RESULT connect NOT_FOUND$", WAIT);
            // The first grant lands at generation 1, index 1: handle 4097 names "echo" in a process that has it.
            sys.probe("holder", List.of(), List.of("echo"), "guess", "4097");
            sys.awaitLine("holder", "^RESULT guess OK$", WAIT);
            for (String guess : List.of("4097", "1", "8193", "-1", "2147483647")) {
                String name = "guess" + guess.replace("-", "m");
                sys.probe(name, List.of(), List.of(), "guess", guess);
                sys.awaitLine(name, "^RESULT guess INVALID_HANDLE$", WAIT);
            }
        }
    }

    @Test
    void killingAServerWakesItsBlockedCallerWithPeerDied() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            int sink = sys.probe("sink", List.of("sink"), List.of(), "sink", "sink");
            int client = sys.probe("blocked", List.of(), List.of("sink"), "block", "sink");
            sys.awaitLine("sink", "^RESULT sink got 1$", WAIT);
            Thread.sleep(200); // let the caller fall asleep on its futex
            long killedAt = System.currentTimeMillis();
            ProcessHandle.of(sink).orElseThrow().destroyForcibly(); // SIGKILL, as kill -9
            Matcher m = sys.awaitLine("blocked", "^RESULT block (\\w+) (\\d+)$", Duration.ofSeconds(10));
            assertEquals("PEER_DIED", m.group(1));
            long latency = Long.parseLong(m.group(2)) - killedAt;
            System.out.println("PEER_DIED reached the blocked caller " + latency + " ms after kill -9");
            assertTrue(latency < 2000, "PEER_DIED took " + latency + " ms");
            assertTrue(sys.kernel.awaitExit(sink, WAIT));
            assertTrue(sys.alive(client) || sys.log("blocked").contains("RESULT block PEER_DIED"));
        }
    }

    @Test
    void capabilitiesMoveThroughTheKernelWithRightsThatOnlyShrink() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            sys.probe("vault", List.of("vault"), List.of(), "vault", "vault");
            sys.probe("borrower", List.of(), List.of("vault"), "borrow", "vault");
            sys.awaitLine("borrower", "^RESULT borrow arrived NOTIFICATION signal\\|wait$", WAIT);
            sys.awaitLine("borrower", "^RESULT borrow regrant ACCESS_DENIED$", WAIT);
            sys.awaitLine("borrower", "^RESULT borrow signalled$", WAIT);
            sys.awaitLine("vault", "^RESULT vault signalled 5$", WAIT);
        }
    }

    @Test
    void garbageWrittenIntoLiveRingsClosesOnlyThatChannel() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            int echo = sys.echo("echo");
            int victim = sys.probe("victim", List.of(), List.of("echo"), "loop", "echo");
            ChannelInfo c = sys.awaitChannel(ch -> ch.clientPid() == victim && ch.requests() > 1000, WAIT);
            MemorySegment ring = sys.kernel.channelMemory(c.id()).orElseThrow();
            Random random = new Random(42);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            try {
                while (!sys.log("victim").matches("(?s).*RESULT loop [A-Z_]+ \\d+.*") && System.nanoTime() < deadline) {
                    for (long off = 0; off + 8 <= ring.byteSize(); off += 8) ring.set(ValueLayout.JAVA_LONG_UNALIGNED, off, random.nextLong());
                }
            } catch (IllegalStateException freed) {
                // Both ends let go of the broken channel and the kernel freed it: nothing left to scribble on.
                // The JDK delivers that error asynchronously and sets this thread's interrupt flag to do so.
                Thread.interrupted();
            }
            Matcher m = sys.awaitLine("victim", "^RESULT loop (\\w+) \\d+$", WAIT);
            assertTrue(List.of("PROTOCOL_ERROR", "CHANNEL_CLOSED", "PEER_DIED").contains(m.group(1)), m.group(1));
            assertFalse(sys.log("victim").contains("Exception"), sys.log("victim"));
            // the server survived and serves new clients; the kernel is untouched
            assertTrue(sys.alive(echo));
            assertFalse(sys.log("echo").contains("Exception"), sys.log("echo"));
            sys.probe("after", List.of(), List.of("echo"), "call", "echo", "1000");
            sys.awaitLine("after", "^RESULT call ok 1000$", WAIT);
        }
    }
}
