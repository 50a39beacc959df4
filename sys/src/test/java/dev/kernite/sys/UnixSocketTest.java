package dev.kernite.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnixSocketTest {
    private long fdsBefore;
    private int[] pair;

    @BeforeEach
    void open() {
        fdsBefore = Leaks.socketsAndMemfds();
        pair = UnixSocket.pair();
    }

    @AfterEach
    void close() {
        Fd.closeQuietly(pair[0]);
        Fd.closeQuietly(pair[1]);
        assertEquals(fdsBefore, Leaks.socketsAndMemfds(), "socket or memfd leak");
    }

    @Test
    void messageBoundariesArePreserved() {
        UnixSocket.send(pair[0], bytes("one"));
        UnixSocket.send(pair[0], bytes("two-two"));
        assertEquals("one", receiveText(pair[1]));
        assertEquals("two-two", receiveText(pair[1]));
    }

    @Test
    void aDescriptorTravelsAndMapsTheSameMemory() {
        int memfd = Memfd.create("passed", 4096);
        int received = -1;
        try (Mapping mine = Mapping.map(memfd, 4096, true)) {
            mine.segment().set(ValueLayout.JAVA_INT, 0, 0xCAFE);
            UnixSocket.send(pair[0], bytes("fd"), memfd);
            ByteBuffer in = ByteBuffer.allocate(64);
            UnixSocket.Received r = UnixSocket.receive(pair[1], in);
            assertEquals(2, r.length());
            assertEquals(1, r.fds().length);
            received = r.fds()[0];
            assertTrue(received != memfd);
            try (Mapping theirs = Mapping.map(received, 4096, true)) {
                assertEquals(0xCAFE, theirs.segment().get(ValueLayout.JAVA_INT, 0));
            }
        } finally {
            Fd.close(memfd);
            Fd.closeQuietly(received);
        }
    }

    @Test
    void peerCredentialsNameThisProcess() {
        UnixSocket.PeerCred c = UnixSocket.peerCred(pair[0]);
        assertEquals(ProcessHandle.current().pid(), c.pid());
    }

    @Test
    void endOfFileAfterThePeerCloses() {
        Fd.close(pair[0]);
        UnixSocket.Received r = UnixSocket.receive(pair[1], ByteBuffer.allocate(16));
        assertEquals(0, r.length());
        assertEquals(0, r.fds().length);
        assertTrue(r.eof());
    }

    @Test
    void aMessageLargerThanTheBufferIsReportedTruncated() {
        UnixSocket.send(pair[0], ByteBuffer.wrap(new byte[100]));
        UnixSocket.Received r = UnixSocket.receive(pair[1], ByteBuffer.allocate(10));
        assertEquals(10, r.length());
        assertTrue(r.truncated());
    }

    @Test
    void shutdownUnblocksAReceiver() throws Exception {
        AtomicReference<UnixSocket.Received> got = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> got.set(UnixSocket.receive(pair[1], ByteBuffer.allocate(16))));
        Thread.sleep(50);
        UnixSocket.shutdown(pair[1]);
        t.join(5000);
        assertTrue(!t.isAlive(), "receive stayed blocked after shutdown");
        assertEquals(0, got.get().length());
    }

    @Test
    void listenConnectAccept() throws Exception {
        Path dir = Files.createTempDirectory("kernite-sock");
        Path sock = dir.resolve("s");
        int l = UnixSocket.listen(sock, 4);
        int c = -1, a = -1;
        try {
            c = UnixSocket.connect(sock);
            a = UnixSocket.accept(l);
            UnixSocket.send(c, bytes("hello"));
            assertEquals("hello", receiveText(a));
            assertEquals(ProcessHandle.current().pid(), UnixSocket.peerCred(a).pid());
            assertThrows(SysException.class, () -> UnixSocket.connect(dir.resolve("nobody")));
        } finally {
            Fd.closeQuietly(c);
            Fd.closeQuietly(a);
            Fd.close(l);
            Files.deleteIfExists(sock);
            Files.delete(dir);
        }
    }

    @Test
    void sendingToAClosedPeerFailsWithoutKillingTheJvm() {
        Fd.close(pair[1]);
        SysException e = assertThrows(SysException.class, () -> UnixSocket.send(pair[0], bytes("x")));
        assertEquals("sendmsg", e.call());
        assertEquals(Errno.EPIPE, e.errno());
    }

    @Test
    void aTruncatedMessageStillHandsOverItsDescriptors() {
        int memfd = Memfd.create("passed", 4096);
        int[] got = new int[0];
        try {
            UnixSocket.send(pair[0], ByteBuffer.wrap(new byte[100]), memfd);
            UnixSocket.Received r = UnixSocket.receive(pair[1], ByteBuffer.allocate(10));
            got = r.fds();
            assertTrue(r.truncated());
            assertEquals(1, got.length);
            assertEquals(4096, Memfd.size(got[0]));
        } finally {
            Fd.close(memfd);
            for (int fd : got) Fd.close(fd);
        }
    }

    @Test
    void sixteenDescriptorsTravelInOneMessageAndSeventeenAreRefused() {
        int[] sent = new int[UnixSocket.MAX_FDS + 1];
        int[] got = new int[0];
        for (int i = 0; i < sent.length; i++) sent[i] = -1;
        try {
            for (int i = 0; i < sent.length; i++) sent[i] = Memfd.create("m" + i, 4096);
            int[] sixteen = Arrays.copyOf(sent, UnixSocket.MAX_FDS);
            assertThrows(IllegalArgumentException.class, () -> UnixSocket.send(pair[0], bytes("x"), sent));
            UnixSocket.send(pair[0], bytes("many"), sixteen);
            ByteBuffer in = ByteBuffer.allocate(16);
            UnixSocket.Received r = UnixSocket.receive(pair[1], in);
            got = r.fds();
            assertEquals(4, r.length());
            assertEquals(4, in.position(), "position advanced by the length");
            assertTrue(!r.truncated());
            assertEquals(UnixSocket.MAX_FDS, got.length);
            for (int fd : got) assertTrue(Memfd.isSealedAgainstShrink(fd));
        } finally {
            for (int fd : sent) Fd.closeQuietly(fd);
            for (int fd : got) Fd.close(fd);
        }
    }

    @Test
    void descriptorsAloneAreAMessageButAnEmptyOneLooksLikeEof() {
        int memfd = Memfd.create("alone", 4096);
        int[] got = new int[0];
        try {
            UnixSocket.send(pair[0], ByteBuffer.allocate(0));
            assertTrue(UnixSocket.receive(pair[1], ByteBuffer.allocate(16)).eof(), "the receiver cannot tell");
            UnixSocket.send(pair[0], ByteBuffer.allocate(0), memfd);
            UnixSocket.Received r = UnixSocket.receive(pair[1], ByteBuffer.allocate(16));
            got = r.fds();
            assertEquals(0, r.length());
            assertEquals(1, got.length);
            assertTrue(!r.eof());
        } finally {
            Fd.close(memfd);
            for (int fd : got) Fd.close(fd);
        }
    }

    @Test
    void sendSendsFromThePositionAndAdvancesIt() {
        ByteBuffer out = bytes("skip-sent");
        out.position(5);
        UnixSocket.send(pair[0], out);
        assertEquals(out.limit(), out.position());
        assertEquals("sent", receiveText(pair[1]));
    }

    @Test
    void bindingAnExistingPathFails() throws Exception {
        Path dir = Files.createTempDirectory("kernite-sock");
        Path sock = dir.resolve("s");
        int l = UnixSocket.listen(sock, 1);
        try {
            SysException e = assertThrows(SysException.class, () -> UnixSocket.listen(sock, 1));
            assertEquals("bind", e.call());
            assertEquals(Errno.EADDRINUSE, e.errno());
            assertTrue(e.getMessage().contains(sock.toString()), e.getMessage());
        } finally {
            Fd.close(l);
            Files.deleteIfExists(sock);
            Files.delete(dir);
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String receiveText(int fd) {
        ByteBuffer in = ByteBuffer.allocate(256);
        UnixSocket.Received r = UnixSocket.receive(fd, in);
        return new String(in.array(), 0, r.length(), StandardCharsets.UTF_8);
    }
}
