package dev.kernite.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.StructLayout;

/**
 * The C structs the host calls exchange, as laid out on 64-bit Linux (LP64: pointers and longs are 8 bytes,
 * size_t/socklen_t for lengths as noted); x86_64 and aarch64 agree on all of them but struct stat, which is
 * 144 bytes on x86_64 and 128 on aarch64, with st_size at 48 on both. Field offsets are derived from the layouts,
 * never written by hand.
 *
 * <pre>
 *  timespec     tv_sec i64 │ tv_nsec i64                                                             = 16
 *  pollfd       fd i32 │ events i16 │ revents i16                                                     = 8
 *  sockaddr_un  sun_family u16 │ sun_path[108]                                                        = 110
 *  iovec        iov_base ptr │ iov_len u64                                                             = 16
 *  msghdr       name ptr │ namelen u32 │ pad 4 │ iov ptr │ iovlen u64 │
 *               control ptr │ controllen u64 │ flags i32 │ pad 4                                      = 56
 *  cmsghdr      cmsg_len u64 │ cmsg_level i32 │ cmsg_type i32 │ data… (at CMSG_ALIGN(16) = 16)           = 16
 *  ucred        pid i32 │ uid u32 │ gid u32                                                           = 12
 *  stat         … st_size i64 at 48 …                                                                 = 144
 * </pre>
 *
 * Control messages (SCM_RIGHTS): CMSG_ALIGN rounds up to 8; CMSG_LEN(n) = 16 + n is what goes in cmsg_len;
 * CMSG_SPACE(n) = 16 + CMSG_ALIGN(n) is the buffer a message takes, and the step to the next header.
 *
 * <p>Thread safety: constants only.
 */
final class Structs {
    private Structs() {}

    static final StructLayout TIMESPEC = structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    static final long TV_SEC = offset(TIMESPEC, "tv_sec"), TV_NSEC = offset(TIMESPEC, "tv_nsec");

    static final StructLayout POLLFD = structLayout(
        JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    static final long POLL_FD = offset(POLLFD, "fd"), POLL_EVENTS = offset(POLLFD, "events"),
        POLL_REVENTS = offset(POLLFD, "revents");

    static final int SUN_PATH_MAX = 108;
    static final StructLayout SOCKADDR_UN = structLayout(
        JAVA_SHORT.withName("sun_family"), sequenceLayout(SUN_PATH_MAX, JAVA_BYTE).withName("sun_path"));
    static final long SUN_FAMILY = offset(SOCKADDR_UN, "sun_family"), SUN_PATH = offset(SOCKADDR_UN, "sun_path");

    static final StructLayout IOVEC = structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    static final long IOV_BASE = offset(IOVEC, "iov_base"), IOV_LEN = offset(IOVEC, "iov_len");

    static final StructLayout MSGHDR = structLayout(
        ADDRESS.withName("msg_name"), JAVA_INT.withName("msg_namelen"), paddingLayout(4),
        ADDRESS.withName("msg_iov"), JAVA_LONG.withName("msg_iovlen"),
        ADDRESS.withName("msg_control"), JAVA_LONG.withName("msg_controllen"),
        JAVA_INT.withName("msg_flags"), paddingLayout(4));
    static final long MSG_IOV = offset(MSGHDR, "msg_iov"), MSG_IOVLEN = offset(MSGHDR, "msg_iovlen"),
        MSG_CONTROL = offset(MSGHDR, "msg_control"), MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen"),
        MSG_FLAGS = offset(MSGHDR, "msg_flags");

    static final StructLayout CMSGHDR = structLayout(
        JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));
    static final long CMSG_LEN_FIELD = offset(CMSGHDR, "cmsg_len"), CMSG_LEVEL = offset(CMSGHDR, "cmsg_level"),
        CMSG_TYPE = offset(CMSGHDR, "cmsg_type");
    /** Where a control message's data starts: CMSG_DATA(cmsg) - cmsg. */
    static final long CMSG_DATA = cmsgAlign(CMSGHDR.byteSize());

    static final StructLayout UCRED = structLayout(
        JAVA_INT.withName("pid"), JAVA_INT.withName("uid"), JAVA_INT.withName("gid"));
    static final long UCRED_PID = offset(UCRED, "pid"), UCRED_UID = offset(UCRED, "uid"),
        UCRED_GID = offset(UCRED, "gid");

    /** struct stat is only read for st_size; its full layout is not needed (the larger, x86_64 size is allocated). */
    static final long STAT_SIZE = 144, STAT_ST_SIZE = 48;

    /** CMSG_ALIGN: rounds up to the 8-byte alignment of control message headers and data. */
    static long cmsgAlign(long n) { return (n + 7) & ~7L; }

    /** CMSG_LEN: the cmsg_len of a control message carrying {@code dataBytes}. */
    static long cmsgLen(long dataBytes) { return CMSG_DATA + dataBytes; }

    /** CMSG_SPACE: the buffer space a control message carrying {@code dataBytes} takes, padding included. */
    static long cmsgSpace(long dataBytes) { return CMSG_DATA + cmsgAlign(dataBytes); }

    private static long offset(StructLayout s, String field) {
        return s.byteOffset(groupElement(field));
    }
}
