package dev.kernite.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Every host call Kernite makes goes through one downcall: the C library's {@code long syscall(long number, ...)},
 * with the call's number ({@link SyscallNumbers}) and up to six arguments, each passed as a long (pointers as
 * their address, ints widened; the host reads an int argument from the low half).
 *
 * <p>Why one: every distinct downcall shape a JVM links costs it about 8 ms of generated classes (a binding stub
 * and a dozen lambda forms) that no AOT cache keeps, and every Kernite process pays at start for each shape it
 * uses. A process that linked a handle per libc function spent about 90 ms of its start-up doing this; with
 * one shape it is the first link's fixed cost only. {@link #strerror} is the only other downcall, linked on first
 * use (error messages).
 *
 * <p>errno: the handle is linked with {@code captureCallState("errno")} and given the calling thread's capture
 * buffer. errno cannot be read with a downcall afterwards: the JVM itself makes libc calls between ours
 * (allocation, safepoints, GC) that overwrite it. The buffer is per thread, so it must be read ({@link #errno()})
 * on the thread that made the call and before that thread makes another.
 *
 * <p>Thread safety: thread-safe; the errno capture buffer is per thread.
 */
@SuppressWarnings("restricted") // raw addresses from the host are this module's business
final class Libc {
    private Libc() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO = CAPTURE.byteOffset(PathElement.groupElement("errno"));
    /** Per-thread errno capture buffer: allocated once per thread, freed with the thread's last reference. */
    private static final ThreadLocal<MemorySegment> CAPTURED = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));
    /**
     * syscall(number, a1..a6), variadic from its second argument as its C prototype says. Linked as a fixed-argument
     * function it would cost about 10 ms less at start, but that holds only while the C library's syscall ignores
     * the vector-register count x86_64 passes to variadic functions (glibc's does; the ABI does not promise it).
     */
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
        Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));

    /**
     * Makes system call {@code nr} with six arguments (unused ones 0) and returns what the host returned, or -1
     * with {@link #errno()} set.
     */
    static long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) SYSCALL.invokeExact(CAPTURED.get(), nr, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long syscall(long nr) { return syscall(nr, 0, 0, 0, 0, 0, 0); }

    static long syscall(long nr, long a1) { return syscall(nr, a1, 0, 0, 0, 0, 0); }

    static long syscall(long nr, long a1, long a2) { return syscall(nr, a1, a2, 0, 0, 0, 0); }

    static long syscall(long nr, long a1, long a2, long a3) { return syscall(nr, a1, a2, a3, 0, 0, 0); }

    static long syscall(long nr, long a1, long a2, long a3, long a4) { return syscall(nr, a1, a2, a3, a4, 0, 0); }

    static long syscall(long nr, long a1, long a2, long a3, long a4, long a5) { return syscall(nr, a1, a2, a3, a4, a5, 0); }

    /** errno as of the last {@link #syscall} on this thread. */
    static int errno() { return CAPTURED.get().get(JAVA_INT, ERRNO); }

    /** The C library's text for {@code errno} (glibc's table for known values is static and thread-safe). */
    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) Strerror.H.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** strerror's handle, linked on first use: only failures need it. */
    private static final class Strerror {
        static final MethodHandle H = LINKER.downcallHandle(LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /** Rethrows what a downcall threw (only Errors and RuntimeExceptions can come out of one). */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
