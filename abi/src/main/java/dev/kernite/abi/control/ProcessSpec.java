package dev.kernite.abi.control;

import dev.kernite.abi.Rights;
import java.util.List;
import java.util.Objects;

/**
 * What the kernel needs to start a process: a name, the JPMS module and main class to run, arguments, process
 * privileges, endpoints the kernel creates for it up front, and capabilities granted from the spawner's table.
 *
 * @param name       a short process name (1–{@value #MAX_NAME} bytes, letters, digits, {@code -_.})
 * @param module     the JPMS module on the kernel's module path
 * @param mainClass  the main class inside that module
 * @param args       program arguments
 * @param privileges {@link Privileges} bits; never more than the spawner holds
 * @param heapMiB    maximum Java heap for the process, 0 for the kernel's default
 * @param endpoints  names of endpoints to create with SERVE|SEND|GRANT rights in the new process's table
 * @param grants     capabilities from the spawner's table, copied with rights restricted
 * @param memoryQuota bytes of dataspaces the process may hold at once ({@link #DEFAULT_MEMORY_QUOTA} by default)
 * @param jit        when its JIT compiles ({@link Jit#LATE} by default)
 */
public record ProcessSpec(String name, String module, String mainClass, List<String> args, int privileges,
                          int heapMiB, List<String> endpoints, List<Grant> grants, long memoryQuota, Jit jit) {
    public static final int MAX_NAME = 64;
    public static final int MAX_MODULE = 128;
    public static final int MAX_CLASS = 256;
    public static final int MAX_ARGS = 32;
    public static final int MAX_ARG = 1024;
    public static final int MAX_ENDPOINTS = 16;
    public static final int MAX_GRANTS = 32;
    public static final int MAX_HEAP_MIB = 16384;
    /** Dataspace quota unless the spec says otherwise: 64 MiB. */
    public static final long DEFAULT_MEMORY_QUOTA = 64L << 20;
    /** The largest dataspace quota: 64 GiB. */
    public static final long MAX_MEMORY_QUOTA = 64L << 30;

    public ProcessSpec {
        args = List.copyOf(args);
        endpoints = List.copyOf(endpoints);
        grants = List.copyOf(grants);
        if (memoryQuota < 0 || memoryQuota > MAX_MEMORY_QUOTA) throw new IllegalArgumentException("memory quota out of range: " + memoryQuota);
        Objects.requireNonNull(jit);
    }

    /** A spec whose JIT compiles late (the default). */
    public ProcessSpec(String name, String module, String mainClass, List<String> args, int privileges,
                       int heapMiB, List<String> endpoints, List<Grant> grants, long memoryQuota) {
        this(name, module, mainClass, args, privileges, heapMiB, endpoints, grants, memoryQuota, Jit.LATE);
    }

    /** A spec with the default memory quota, whose JIT compiles late. */
    public ProcessSpec(String name, String module, String mainClass, List<String> args, int privileges,
                       int heapMiB, List<String> endpoints, List<Grant> grants) {
        this(name, module, mainClass, args, privileges, heapMiB, endpoints, grants, DEFAULT_MEMORY_QUOTA);
    }

    /** A capability to copy into the new process, named so it can find it in its environment. */
    public record Grant(int handle, int rights, String name) {
        static Grant read(WireReader r) throws MalformedMessageException {
            Grant g = new Grant(r.i32(), r.i32(), r.string(MAX_NAME));
            if (!Rights.isValid(g.rights)) throw new MalformedMessageException("unknown rights bits");
            if (!isValidName(g.name)) throw new MalformedMessageException("bad grant name");
            return g;
        }

        void write(WireWriter w) { w.i32(handle).i32(rights).string(name, MAX_NAME); }
    }

    /** True for names of 1–64 characters from {@code [A-Za-z0-9._-]} (process, endpoint and grant names). */
    public static boolean isValidName(String s) {
        return s != null && !s.isEmpty() && s.length() <= MAX_NAME && s.chars().allMatch(
            c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
    }

    /**
     * A dotted name such as {@code kernite.echo} or {@code dev.kernite.echo.EchoServer}, in ASCII identifier
     * characters only: Java would also accept control and format characters here, which must never reach a path
     * or a command line.
     */
    static boolean isQualifiedName(String s) {
        return s.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    }

    static ProcessSpec read(WireReader r) throws MalformedMessageException {
        ProcessSpec s = new ProcessSpec(r.string(MAX_NAME), r.string(MAX_MODULE), r.string(MAX_CLASS),
            r.list(MAX_ARGS, x -> x.string(MAX_ARG)), r.i32(), r.i32(0, MAX_HEAP_MIB, "heap MiB"),
            r.list(MAX_ENDPOINTS, x -> x.string(MAX_NAME)), r.list(MAX_GRANTS, Grant::read),
            r.i64(0, MAX_MEMORY_QUOTA, "memory quota"), Jit.of(r.i32(Jit.LATE.code, Jit.EARLY.code, "jit")));
        if (!isValidName(s.name)) throw new MalformedMessageException("bad process name");
        if (!isQualifiedName(s.module) || !isQualifiedName(s.mainClass)) throw new MalformedMessageException("bad module or class name");
        if (!Privileges.isValid(s.privileges)) throw new MalformedMessageException("unknown privilege bits");
        for (String e : s.endpoints) if (!isValidName(e)) throw new MalformedMessageException("bad endpoint name");
        return s;
    }

    void write(WireWriter w) {
        w.string(name, MAX_NAME).string(module, MAX_MODULE).string(mainClass, MAX_CLASS)
            .list(args, MAX_ARGS, (x, a) -> x.string(a, MAX_ARG)).i32(privileges).i32(heapMiB)
            .list(endpoints, MAX_ENDPOINTS, (x, e) -> x.string(e, MAX_NAME)).list(grants, MAX_GRANTS, (x, g) -> g.write(x)).i64(memoryQuota)
            .i32(jit.code);
    }
}
