package dev.kernite.kernel.object;

import dev.kernite.abi.DoorbellLayout;
import dev.kernite.sys.Futex;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A service port. Clients holding SEND connect to it, and each connection becomes a {@link ChannelObject} with
 * the endpoint's active server: the process that last asked to serve it (holding SERVE). The endpoint lives while
 * any process holds SERVE on it, so a supervisor that keeps SERVE can hand the same endpoint to a restarted
 * server and every client's SEND capability stays good. The doorbell page lets a client wake the sleeping server.
 *
 * <p>Thread safety: guarded by the kernel lock.
 */
public final class EndpointObject implements KObject {
    private final int id;
    private final String name;
    private ProcessObject server;           // the active server, or null between servers
    private final SharedMemory doorbell;
    private final Set<ChannelObject> channels = new LinkedHashSet<>();
    private boolean alive = true;
    private int serveHandle;
    private int serveHolders;

    public EndpointObject(int id, String name, ProcessObject server, SharedMemory doorbell) {
        this.id = id;
        this.name = name;
        this.server = server;
        this.doorbell = doorbell;
        doorbell.segment().set(ValueLayout.JAVA_INT, DoorbellLayout.MAGIC_OFFSET, DoorbellLayout.MAGIC);
        doorbell.segment().set(ValueLayout.JAVA_INT, DoorbellLayout.VERSION_OFFSET, DoorbellLayout.VERSION);
    }

    @Override public int id() { return id; }
    public String name() { return name; }
    public ProcessObject server() { return server; }
    public SharedMemory doorbell() { return doorbell; }
    public Set<ChannelObject> channels() { return channels; }
    public boolean isAlive() { return alive; }
    /** The active server's handle of this endpoint (with SERVE), named in channel-opened events. */
    public int serveHandle() { return serveHandle; }

    /** {@code p} serves the endpoint from now on, through its handle {@code h}. */
    public void servedBy(ProcessObject p, int h) {
        server = p;
        serveHandle = h;
    }

    /** The active server is gone: its channels were closed; clients get PEER_DIED until another one serves. */
    public void serverGone() {
        server = null;
        serveHandle = 0;
    }

    /** One more capability with SERVE exists. */
    public void addServeHolder() { serveHolders++; }

    /** One capability with SERVE is gone; returns how many remain. */
    public int dropServeHolder() { return --serveHolders; }

    /** True when a live process serves it now. */
    public boolean hasServer() { return server != null && server.isAlive(); }

    /** Wakes the server's receive loop (it rescans its channels). */
    public void ring() {
        if (!alive) return;
        SharedWords.getAndAddInt(doorbell.segment(), DoorbellLayout.SEQ_OFFSET, 1);
        Futex.wake(doorbell.segment(), DoorbellLayout.SEQ_OFFSET, Integer.MAX_VALUE);
    }

    /** The server is gone: no new connections; existing channels are closed by the caller. */
    public void kill() {
        if (!alive) return;
        ring();
        alive = false;
        doorbell.close();
    }

    @Override public String toString() { return "endpoint " + name + "#" + id; }
}
