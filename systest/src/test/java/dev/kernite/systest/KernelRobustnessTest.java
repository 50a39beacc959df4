package dev.kernite.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.control.ControlCodec;
import dev.kernite.abi.control.KernelRequest;
import dev.kernite.sys.Fd;
import dev.kernite.sys.UnixSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kernel trusts no process: impostors and garbage on the control socket change nothing. */
@Timeout(120)
class KernelRobustnessTest {

    @Test
    void impostorsAndGarbageOnTheControlSocketAreTurnedAway() throws Exception {
        try (TestSystem sys = new TestSystem()) {
            Path socket = sys.dir.resolve("run/kernel.sock");
            // A process the kernel did not spawn, with a guessed token.
            assertEquals(0, helloAndReadStatus(socket, new KernelRequest.Hello(0x1234_5678L)) , "impostor connection must be refused");
            // Garbage of every length as the first message, then as a later one.
            Random random = new Random(7);
            for (int len : new int[] {0, 1, 7, 8, 9, 64, 4096}) {
                int fd = UnixSocket.connect(socket);
                try {
                    byte[] junk = new byte[len];
                    random.nextBytes(junk);
                    UnixSocket.send(fd, ByteBuffer.wrap(junk));
                    ByteBuffer in = ByteBuffer.allocate(ControlCodec.MAX_MESSAGE);
                    UnixSocket.Received r = UnixSocket.receive(fd, in); // the kernel answers or hangs up; never hangs us
                    for (int f : r.fds()) Fd.closeQuietly(f);
                } finally {
                    Fd.closeQuietly(fd);
                }
            }
            // The kernel still works: a real service starts and serves.
            sys.echo("echo");
            sys.probe("client", List.of(), List.of("echo"), "call", "echo", "100");
            sys.awaitLine("client", "^RESULT call ok 100$", Duration.ofSeconds(30));
        }
    }

    @Test
    void shutdownLeavesNoProcessSocketOrSharedMemoryBehind() throws Exception {
        long memfdsBefore = memfdCount();
        Path dir;
        List<Integer> pids;
        try (TestSystem sys = new TestSystem()) {
            dir = sys.dir;
            int echo = sys.echo("echo");
            int looper = sys.probe("looper", List.of(), List.of("echo"), "loop", "echo");
            sys.awaitChannel(c -> c.clientPid() == looper && c.requests() > 100, Duration.ofSeconds(30));
            pids = List.of(echo, looper);
        }
        for (int pid : pids) assertTrue(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty(), "pid " + pid + " alive");
        assertTrue(Files.notExists(dir), "test directory left behind");
        assertEquals(memfdsBefore, memfdCount(), "the kernel leaked shared memory");
    }

    /** Sends a Hello on a fresh connection; returns 1 if the kernel accepted it, 0 if it refused or hung up. */
    private static int helloAndReadStatus(Path socket, KernelRequest.Hello hello) {
        int fd = UnixSocket.connect(socket);
        try {
            UnixSocket.send(fd, ControlCodec.encodeRequest(1, hello));
            ByteBuffer in = ByteBuffer.allocate(ControlCodec.MAX_MESSAGE);
            UnixSocket.Received r = UnixSocket.receive(fd, in);
            for (int f : r.fds()) Fd.closeQuietly(f);
            if (r.length() < 12) return 0;
            return in.flip().order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8) == 0 ? 1 : 0;
        } finally {
            Fd.closeQuietly(fd);
        }
    }

    private static long memfdCount() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("/memfd:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
