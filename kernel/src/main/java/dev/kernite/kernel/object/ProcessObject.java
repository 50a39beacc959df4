package dev.kernite.kernel.object;

import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.sys.Fd;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A process: one host process running one JVM. The kernel spawned it, gave it a capability table and a control
 * connection, and reclaims everything it held when it dies.
 *
 * <p>Thread safety: guarded by the kernel lock.
 */
public final class ProcessObject implements KObject {
    /** Life cycle: STARTING until the process says hello, RUNNING, then EXITED once reclaimed. */
    public enum State { STARTING, RUNNING, EXITED }

    /** A death notice to deliver: signal {@code bits} on {@code notification}. */
    public record DeathWatch(NotificationObject notification, int bits) { }

    /** A capability the process was given at birth (or created by name), listed in its environment. */
    public record NamedHandle(String name, int handle) { }

    private final int id;
    private final ProcessSpec spec;
    private final long token;
    private final CapabilityTable table = new CapabilityTable();
    private final List<DeathWatch> watchers = new ArrayList<>();
    private final List<NamedHandle> names = new ArrayList<>();
    private final List<ByteBuffer> earlyEvents = new ArrayList<>();
    private final List<int[]> earlyFds = new ArrayList<>();
    private final long startedMillis = System.currentTimeMillis();
    private Process process;
    private int pid;
    private State state = State.STARTING;
    private Mailbox mailbox;
    private int exitCode = -1;
    private long memoryUsed;   // bytes of dataspaces allocated by this process and not yet freed
    private int dataspaces;    // how many of them

    public ProcessObject(int id, ProcessSpec spec, long token) {
        this.id = id;
        this.spec = spec;
        this.token = token;
    }

    @Override public int id() { return id; }
    public ProcessSpec spec() { return spec; }
    public String name() { return spec.name(); }
    public int privileges() { return spec.privileges(); }
    public long token() { return token; }
    public CapabilityTable table() { return table; }
    public List<DeathWatch> watchers() { return watchers; }
    public List<NamedHandle> names() { return names; }
    public long startedMillis() { return startedMillis; }
    public Process process() { return process; }
    public int pid() { return pid; }
    public State state() { return state; }
    public int exitCode() { return exitCode; }
    public boolean isAlive() { return state != State.EXITED; }
    public long memoryQuota() { return spec.memoryQuota(); }
    public long memoryUsed() { return memoryUsed; }
    public int dataspaces() { return dataspaces; }

    /** Whether {@code bytes} more fit in the quota. */
    public boolean canCharge(long bytes) { return bytes <= spec.memoryQuota() - memoryUsed; }

    /** Charges a new dataspace to the quota; the caller checked {@link #canCharge}. */
    public void charge(long bytes) {
        memoryUsed += bytes;
        dataspaces++;
    }

    /** Gives a freed dataspace's bytes back. */
    public void uncharge(long bytes) {
        memoryUsed -= bytes;
        dataspaces--;
    }

    public void started(Process p) {
        this.process = p;
        this.pid = (int) p.pid();
    }

    /** The process proved who it is; events held back until now are delivered. */
    public void connected(Mailbox m) {
        this.mailbox = m;
        this.state = State.RUNNING;
        for (int i = 0; i < earlyEvents.size(); i++) {
            m.post(earlyEvents.get(i), earlyFds.get(i));
            closeAll(earlyFds.get(i));
        }
        earlyEvents.clear();
        earlyFds.clear();
    }

    /**
     * Posts a message to the process. Before it has connected, the message is held, with duplicates of its fds,
     * so the object the fds belong to may be freed meanwhile without the process receiving a stale descriptor.
     */
    public void post(ByteBuffer message, int... fds) {
        if (state == State.EXITED) return;
        if (mailbox != null) {
            mailbox.post(message, fds);
            return;
        }
        int[] dups = new int[fds.length];
        for (int i = 0; i < fds.length; i++) dups[i] = Fd.dup(fds[i]);
        earlyEvents.add(message);
        earlyFds.add(dups);
    }

    private static void closeAll(int[] fds) {
        for (int fd : fds) Fd.closeQuietly(fd);
    }

    public void exited(int code) {
        this.state = State.EXITED;
        this.exitCode = code;
        this.mailbox = null;
        earlyFds.forEach(ProcessObject::closeAll);
        earlyEvents.clear();
        earlyFds.clear();
    }

    @Override public String toString() { return spec.name() + "[" + pid + "]"; }
}
