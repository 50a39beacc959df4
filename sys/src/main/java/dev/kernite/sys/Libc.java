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
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcall handles for the libc functions Kernite uses (x86_64 Linux). Handles are immutable static finals so the
 * JIT can inline them.
 *
 * <p>errno: every handle but strerror is linked with {@code captureCallState("errno")} and takes the capture
 * buffer as its first argument ({@link #captured()}). errno cannot be read with a downcall afterwards: the JVM
 * itself makes libc calls between ours (allocation, safepoints, GC) that overwrite it. The buffer is per thread,
 * so it must be read ({@link #errno()}) on the thread that made the call and before that thread makes another.
 *
 * <p>Each handle sits in a holder class of its own, created on first use: linking a downcall costs several
 * milliseconds at start-up, and a service uses only some of them.
 *
 * <p>Thread safety: thread-safe; the errno capture buffer is per thread.
 */
@SuppressWarnings("restricted") // raw addresses from the host are this module's business
final class Libc {
    private Libc() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(PathElement.groupElement("errno"));
    /** Per-thread errno capture buffer: allocated once per thread, freed with the thread's last reference. */
    private static final ThreadLocal<MemorySegment> CAPTURED = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    static final class MemfdCreate { static final MethodHandle H = fn("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)); }
    static final class Ftruncate { static final MethodHandle H = fn("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG)); }
    static final class Fcntl { static final MethodHandle H = variadic("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2); }
    static final class Fstat { static final MethodHandle H = fn("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)); }
    static final class Mmap { static final MethodHandle H = fn("mmap", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG)); }
    static final class Munmap { static final MethodHandle H = fn("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG)); }
    static final class Close { static final MethodHandle H = fn("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT)); }
    static final class Socket { static final MethodHandle H = fn("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)); }
    static final class Socketpair { static final MethodHandle H = fn("socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS)); }
    static final class Bind { static final MethodHandle H = fn("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)); }
    static final class Listen { static final MethodHandle H = fn("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)); }
    static final class Accept4 { static final MethodHandle H = fn("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)); }
    static final class Connect { static final MethodHandle H = fn("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)); }
    static final class Sendmsg { static final MethodHandle H = fn("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT)); }
    static final class Recvmsg { static final MethodHandle H = fn("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT)); }
    static final class Getsockopt { static final MethodHandle H = fn("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS)); }
    static final class Shutdown { static final MethodHandle H = fn("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)); }
    static final class Poll { static final MethodHandle H = fn("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)); }
    static final class Open { static final MethodHandle H = variadic("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2); }
    static final class Getpid { static final MethodHandle H = fn("getpid", FunctionDescriptor.of(JAVA_INT)); }
    static final class Prctl { static final MethodHandle H = variadic("prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), 1); }
    /** syscall(number, a1..a5) with integer-sized arguments passed as longs (the variadic ABI widens them). */
    static final class Syscall6 { static final MethodHandle H = variadic("syscall",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1); }
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
        FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), d,
            Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle variadic(String name, FunctionDescriptor d, int firstVariadic) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), d,
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(firstVariadic));
    }

    /** The calling thread's capture buffer, passed as the first argument of every handle above. */
    static MemorySegment captured() { return CAPTURED.get(); }

    /** errno as of the last call made with {@link #captured()} on this thread. */
    static int errno() { return (int) ERRNO.get(CAPTURED.get(), 0L); }

    /** The C library's text for {@code errno} (glibc's table for known values is static and thread-safe). */
    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** Rethrows what a downcall threw (only Errors and RuntimeExceptions can come out of one). */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
