package dev.kernite.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostTest {
    private long fdsBefore;

    @BeforeEach
    void count() { fdsBefore = Leaks.socketsAndMemfds(); }

    @AfterEach
    void noLeaks() { assertEquals(fdsBefore, Leaks.socketsAndMemfds(), "socket or memfd leak"); }

    @Test
    void identity() throws Exception {
        assertEquals(ProcessHandle.current().pid(), Host.getpid());
        Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
        assertEquals(Host.getpid() + "/task/" + Host.gettid(), self.toString());
    }

    @Test
    void pollFindsTheReadableDescriptor() {
        int[] a = UnixSocket.pair();
        int[] b = UnixSocket.pair();
        try {
            int[] watched = {a[1], b[1]};
            assertEquals(-1, Host.poll(watched, 0));
            UnixSocket.send(b[0], ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, Host.poll(watched, 5000));
            Fd.close(a[0]);
            a[0] = -1;
            assertEquals(0, Host.poll(watched, 5000), "a hung-up peer counts");
            assertThrows(IllegalArgumentException.class, () -> Host.poll(new int[0], 0));
        } finally {
            for (int fd : new int[] {a[0], a[1], b[0], b[1]}) Fd.closeQuietly(fd);
        }
    }

    @Test
    void aPidfdKillsItsProcessAndReportsItsExit() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        int pidfd = -1;
        try {
            pidfd = Host.pidfdOpen((int) child.pid());
            assertEquals(-1, Host.poll(new int[] {pidfd}, 0), "still running");
            Host.pidfdSendSignal(pidfd, Host.SIGKILL);
            assertEquals(0, Host.poll(new int[] {pidfd}, 10_000), "exit seen through the pidfd");
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + Host.SIGKILL, child.exitValue());
        } finally {
            child.destroyForcibly();
            Fd.closeQuietly(pidfd);
        }
        assertEquals(Errno.ESRCH, assertThrows(SysException.class, () -> Host.pidfdOpen(Integer.MAX_VALUE)).errno());
    }

    @Test
    void threadNameIsVisibleToTheHost() throws Exception {
        AtomicReference<String> comm = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            Host.setThreadName("kernite-test-thread-long-name");
            try {
                comm.set(Files.readString(Path.of("/proc/thread-self/comm")).strip());
            } catch (java.io.IOException e) {
                comm.set(e.toString());
            }
        });
        t.join(10_000);
        assertEquals("kernite-test-th", comm.get());
    }
}
