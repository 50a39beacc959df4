package dev.kernite.blk;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Device;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;

/**
 * Clients' buffers: one per channel, granted by the client and mapped into the device's IOMMU at an I/O address
 * of its own ({@link #SPAN} apart, so a request that overruns a buffer faults instead of reaching another's).
 * The driver maps each buffer only to learn its size; the data itself is only ever touched by the device.
 *
 * <p>Thread safety: confined to the driver's thread.
 */
final class Sessions {
    /** Most clients with a buffer at once. */
    static final int MAX = 256;
    /** I/O address space per session, and so the largest buffer: 1 GiB. */
    static final long SPAN = 1L << 30;
    /** Where session buffers start in the device's I/O address space (the queue lives below). */
    static final long BASE = 1L << 32;

    /** A client's buffer: where the device finds it and how big it is. */
    record Session(int channel, Dataspace buffer, long iova) {
        long size() { return buffer.size(); }
    }

    private final Env env;
    private final Device device;
    private final Server server;
    private final Session[] slots = new Session[MAX];

    Sessions(Env env, Device device, Server server) {
        this.env = env;
        this.device = device;
        this.server = server;
    }

    /** The session of a channel, or null. */
    Session of(int channel) {
        for (Session s : slots) if (s != null && s.channel() == channel) return s;
        return null;
    }

    int count() {
        int n = 0;
        for (Session s : slots) if (s != null) n++;
        return n;
    }

    /** Attaches the dataspace {@code handle} that arrived on {@code channel} as that channel's buffer. */
    Result<Session> attach(int channel, int handle) {
        var arrival = env.arrival(handle);
        if (arrival.isEmpty() || arrival.get().via() != channel) return Result.error(Status.INVALID_HANDLE);
        if (arrival.get().type() != CapType.DATASPACE) return Result.error(Status.WRONG_TYPE);
        if (!Rights.includes(arrival.get().rights(), Rights.READ | Rights.WRITE)) return Result.error(Status.ACCESS_DENIED);
        sweep();
        Session old = of(channel);
        if (old != null) detach(old);
        int slot = freeSlot();
        if (slot < 0) return Result.error(Status.NO_RESOURCES);
        Result<Dataspace> d = env.mapDataspace(handle);
        if (!d.ok()) return Result.error(d.status());
        if (d.value().size() > SPAN) {
            d.value().close();
            return Result.error(Status.NO_RESOURCES);
        }
        long iova = BASE + slot * SPAN;
        Status mapped = device.dmaMap(handle, iova, true);
        if (mapped != Status.OK) {
            d.value().close();
            return Result.error(mapped);
        }
        Session s = new Session(channel, d.value(), iova);
        slots[slot] = s;
        return Result.ok(s);
    }

    /** Drops sessions whose client went away (its buffer capability is gone too, and with it the device mapping). */
    void sweep() {
        for (Session s : slots) if (s != null && (!server.isConnected(s.channel()) || s.buffer().isClosed())) detach(s);
    }

    private void detach(Session s) {
        for (int i = 0; i < MAX; i++) if (slots[i] == s) slots[i] = null;
        device.dmaUnmap(s.iova()); // NOT_FOUND when the revoke already removed it
        s.buffer().close();
    }

    private int freeSlot() {
        for (int i = 0; i < MAX; i++) if (slots[i] == null) return i;
        return -1;
    }
}
