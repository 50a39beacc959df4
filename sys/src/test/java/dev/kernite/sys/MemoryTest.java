package dev.kernite.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryTest {
    private long fdsBefore;

    @BeforeEach
    void count() { fdsBefore = Leaks.socketsAndMemfds(); }

    @AfterEach
    void noLeaks() { assertEquals(fdsBefore, Leaks.socketsAndMemfds(), "socket or memfd leak"); }

    @Test
    void twoMappingsOfOneMemfdShareMemory() {
        int fd = Memfd.create("t", 8192);
        try (Mapping a = Mapping.map(fd, 8192, true); Mapping b = Mapping.map(fd, 8192, true)) {
            assertEquals(8192, Memfd.size(fd));
            a.segment().set(ValueLayout.JAVA_LONG, 4096, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, b.segment().get(ValueLayout.JAVA_LONG, 4096));
            assertEquals(0, b.segment().get(ValueLayout.JAVA_LONG, 0), "new memory is zeroed");
        } finally {
            Fd.close(fd);
        }
    }

    @Test
    void memfdIsSealedAgainstShrinkingAndGrowing() {
        int fd = Memfd.create("sealed", 4096);
        try {
            assertTrue(Memfd.isSealedAgainstShrink(fd));
            assertTrue(Libc.syscall(SyscallNumbers.SYS_FTRUNCATE, fd, 0) < 0, "shrinking must be refused");
            assertEquals(1, Libc.errno(), "EPERM");
            assertTrue(Libc.syscall(SyscallNumbers.SYS_FTRUNCATE, fd, 1L << 20) < 0, "growing must be refused");
            assertEquals(4096, Memfd.size(fd));
        } finally {
            Fd.close(fd);
        }
    }

    @Test
    void aDescriptorThatIsNoSealedMemfdIsNotTrusted() {
        int[] p = UnixSocket.pair();
        try {
            assertTrue(!Memfd.isSealedAgainstShrink(p[0]), "a socket has no seals");
        } finally {
            Fd.close(p[0]);
            Fd.close(p[1]);
        }
    }

    /** What a read-only dataspace grant rests on: the host itself refuses to map such a descriptor writable. */
    @Test
    void aReadOnlyReopenCannotBeMappedWritable() {
        int fd = Memfd.create("ro", 8192);
        int ro = Fd.reopenReadOnly(fd);
        try (Mapping w = Mapping.map(fd, 8192, true)) {
            w.segment().set(ValueLayout.JAVA_INT, 4096, 42);
            SysException e = assertThrows(SysException.class, () -> Mapping.map(ro, 8192, true));
            assertTrue(e.getMessage().contains("mmap"), e.getMessage());
            try (Mapping r = Mapping.mapRange(ro, 4096, 4096, false)) {
                assertEquals(42, r.segment().get(ValueLayout.JAVA_INT, 0), "same memory");
                assertTrue(r.segment().isReadOnly());
                assertThrows(IllegalArgumentException.class, () -> r.segment().set(ValueLayout.JAVA_INT, 0, 1)); // read-only segment
            }
        } finally {
            Fd.close(ro);
            Fd.close(fd);
        }
    }

    @Test
    void accessAfterUnmapThrowsInsteadOfCrashing() {
        int fd = Memfd.create("t", 4096);
        Mapping m = Mapping.map(fd, 4096, true);
        MemorySegment s = m.segment();
        m.close();
        m.close(); // idempotent
        Fd.close(fd);
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_INT, 0));
    }

    @Test
    void readOnlyMappingAndRanges() {
        int fd = Memfd.create("t", 3 * 4096);
        try (Mapping rw = Mapping.map(fd, 3 * 4096, true); Mapping page2 = Mapping.mapRange(fd, 8192, 4096, false)) {
            rw.segment().set(ValueLayout.JAVA_INT, 8192 + 12, 77);
            assertEquals(77, page2.segment().get(ValueLayout.JAVA_INT, 12));
            assertEquals(4096, page2.size());
        } finally {
            Fd.close(fd);
        }
        assertThrows(IllegalArgumentException.class, () -> Mapping.mapRange(0, 100, 4096, false));
    }

    @Test
    void errorsNameTheCallAndTheCause() {
        SysException e = assertThrows(SysException.class, () -> Memfd.size(-1));
        assertEquals("fstat", e.call());
        assertEquals(9, e.errno());
        assertEquals("fstat: EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void dupIsAnIndependentDescriptor() {
        int fd = Memfd.create("t", 4096);
        int d = Fd.dup(fd);
        try {
            assertTrue(d != fd && Fd.isOpen(d));
            Fd.close(fd);
            assertEquals(4096, Memfd.size(d));
        } finally {
            Fd.closeQuietly(fd);
            Fd.close(d);
        }
        assertTrue(!Fd.isOpen(d));
    }

    @Test
    void mappingPastTheEndOfTheFileIsRefused() {
        int fd = Memfd.create("short", 4096);
        try {
            SysException e = assertThrows(SysException.class, () -> Mapping.map(fd, 8192, false));
            assertEquals(Errno.EINVAL, e.errno());
            assertThrows(SysException.class, () -> Mapping.mapRange(fd, 4096, 4096, false));
        } finally {
            Fd.close(fd);
        }
    }

    @Test
    void closingAClosedDescriptorIsABug() {
        int fd = Memfd.create("t", 4096);
        Fd.close(fd);
        assertEquals(Errno.EBADF, assertThrows(SysException.class, () -> Fd.close(fd)).errno());
        Fd.closeQuietly(fd);
        Fd.closeQuietly(-1);
    }

    @Test
    void openCountSeesANewDescriptor() {
        int fd = Memfd.create("counted", 4096);
        try {
            int open = Fd.openCount();
            assertTrue(open >= 4, "stdin, stdout, stderr and the memfd: " + open);
        } finally {
            Fd.close(fd);
        }
    }
}
