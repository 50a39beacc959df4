package dev.kernite.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The x86_64 layouts against the sizes and offsets of the C headers (what gcc's sizeof/offsetof say). */
class StructsTest {
    @Test
    void layoutsMatchTheCHeaders() {
        assertEquals(16, Structs.TIMESPEC.byteSize());
        assertEquals(8, Structs.POLLFD.byteSize());
        assertEquals(6, Structs.POLL_REVENTS);
        assertEquals(110, Structs.SOCKADDR_UN.byteSize());
        assertEquals(2, Structs.SUN_PATH);
        assertEquals(16, Structs.IOVEC.byteSize());
        assertEquals(56, Structs.MSGHDR.byteSize());
        assertEquals(16, Structs.MSG_IOV);
        assertEquals(24, Structs.MSG_IOVLEN);
        assertEquals(32, Structs.MSG_CONTROL);
        assertEquals(40, Structs.MSG_CONTROLLEN);
        assertEquals(48, Structs.MSG_FLAGS);
        assertEquals(16, Structs.CMSGHDR.byteSize());
        assertEquals(12, Structs.UCRED.byteSize());
    }

    @Test
    void controlMessageArithmetic() {
        assertEquals(16, Structs.CMSG_DATA);
        assertEquals(20, Structs.cmsgLen(4));   // CMSG_LEN(sizeof(int))
        assertEquals(24, Structs.cmsgSpace(4)); // CMSG_SPACE(sizeof(int))
        assertEquals(24, Structs.cmsgSpace(8));
        assertEquals(32, Structs.cmsgSpace(12));
        assertEquals(80, Structs.cmsgSpace(4 * 16));
    }

    @Test
    void errnoNames() {
        assertEquals("EMFILE", Errno.name(24));
        assertEquals("errno 4095", Errno.name(4095));
        assertEquals("memfd_create: EMFILE (Too many open files)", new SysException("memfd_create", Errno.EMFILE).getMessage());
    }
}
