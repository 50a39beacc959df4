package dev.kernite.kernel.object;

import dev.kernite.abi.DoorbellLayout;
import dev.kernite.sys.Futex;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A service port. Served by one process, which holds it with SERVE; clients holding SEND connect to it, and each
 * connection becomes a {@link ChannelObject}. The doorbell page lets a client wake the sleeping server.
 *
 * <p>Thread safety: guarded by the kernel lock.
 */
public final class EndpointObject implements KObject {
    private final int id;
    private final String name;
    private final ProcessObject server;
    private final SharedMemory doorbell;
    private final Set<ChannelObject> channels = new LinkedHashSet<>();
    private boolean alive = true;
    private int serveHandle;

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
    /** The server's handle of this endpoint (the one with SERVE), named in channel-opened events. */
    public int serveHandle() { return serveHandle; }
    public void setServeHandle(int h) { serveHandle = h; }

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
