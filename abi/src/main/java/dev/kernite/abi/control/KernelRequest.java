package dev.kernite.abi.control;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;

/**
 * Requests a process sends to the kernel over its control socket. Each is decoded and fully validated into one
 * of these immutable records before the kernel changes any state; the kernel answers each with a reply carrying
 * a {@link Status} and, on success, the {@link ReplyBody} named beside the record.
 */
public sealed interface KernelRequest {
    /** The largest dataspace: 16 GiB. */
    long MAX_DATASPACE = 16L << 30;
    /** I/O addresses are below 2^48, as on a real IOMMU with 4-level tables. */
    long MAX_IOVA = (1L << 48) - 1;

    /** The opcode on the wire. */
    int op();

    /** First message on a new connection: proves who the process is. Reply: {@link ReplyBody.Welcome}. */
    record Hello(long token) implements KernelRequest { public int op() { return 1; } }

    /** Create an endpoint served by the caller. Reply: {@link ReplyBody.Handle}, fd: the doorbell memfd. */
    record CreateEndpoint(String name) implements KernelRequest { public int op() { return 2; } }

    /** Connect to an endpoint (needs SEND). Reply: {@link ReplyBody.Connected}, fds: channel memfd, doorbell memfd. */
    record Connect(int endpoint) implements KernelRequest { public int op() { return 3; } }

    /** Drop a capability; closing a channel closes it for the peer too. Reply: {@link ReplyBody.None}. */
    record Close(int handle) implements KernelRequest { public int op() { return 4; } }

    /**
     * Copy a capability (needs GRANT on it) to the process at the other end of a channel the caller holds, with
     * rights restricted to {@code rights}. Reply: {@link ReplyBody.Handle} naming the copy in the receiver's table.
     */
    record Transfer(int handle, int rights, int via) implements KernelRequest { public int op() { return 5; } }

    /** Create a notification. Reply: {@link ReplyBody.Handle}, fd: the notification memfd. */
    record CreateNotification() implements KernelRequest { public int op() { return 6; } }

    /** Start a process (needs the SPAWN privilege). Reply: {@link ReplyBody.Spawned}. */
    record Spawn(ProcessSpec spec) implements KernelRequest { public int op() { return 7; } }

    /** Kill a process (needs KILL on its capability). Reply: {@link ReplyBody.None}. */
    record Kill(int process, boolean force) implements KernelRequest { public int op() { return 8; } }

    /**
     * Signal {@code bits} on a notification (needs SIGNAL) when a process (needs WATCH) dies; at once if it is
     * already dead. Reply: {@link ReplyBody.None}.
     */
    record WatchDeath(int process, int notification, int bits) implements KernelRequest { public int op() { return 9; } }

    /**
     * List processes and their threads (needs INSPECT), from row {@code from} on: a reply holds at most
     * {@link ReplyBody#MAX_ROWS} rows and the total, so a caller pages through. Reply: {@link ReplyBody.Processes}.
     */
    record ListProcesses(int from) implements KernelRequest { public int op() { return 10; } }

    /** List channels with their message counts (needs INSPECT), paged as ListProcesses. Reply: {@link ReplyBody.Channels}. */
    record ListChannels(int from) implements KernelRequest { public int op() { return 11; } }

    /**
     * Close a channel because of {@code reason} (the caller's own decision, or a protocol violation it saw).
     * Reply: {@link ReplyBody.None}.
     */
    record CloseChannel(int channel, Status reason) implements KernelRequest { public int op() { return 12; } }

    /** Fetch the caller's initial capabilities again, e.g. after a restart of a library. Reply: {@link ReplyBody.Welcome}. */
    record Describe() implements KernelRequest { public int op() { return 13; } }

    /** Start serving an endpoint held with SERVE (e.g. one created at spawn). Reply: {@link ReplyBody.None}, fd: its doorbell. */
    record Serve(int endpoint) implements KernelRequest { public int op() { return 14; } }

    /**
     * Allocate a zeroed dataspace of {@code bytes} (rounded up to whole pages), charged to the caller's memory
     * quota: OUT_OF_MEMORY when it would exceed it. Reply: {@link ReplyBody.Handle} (READ|WRITE|GRANT).
     */
    record AllocateDataspace(long bytes) implements KernelRequest { public int op() { return 15; } }

    /**
     * Map a dataspace (needs READ): the kernel sends its memfd, opened read-only unless the capability has WRITE.
     * Reply: {@link ReplyBody.Mapped} (the range to map), fd: the memfd.
     */
    record MapDataspace(int dataspace) implements KernelRequest { public int op() { return 16; } }

    /**
     * Grant part of a dataspace (needs GRANT) to the process at the other end of channel {@code via}: a child
     * capability for {@code [offset, offset + length)} of the caller's range (page-aligned), with rights
     * restricted to {@code rights}. Reply: {@link ReplyBody.Handle} naming the child in the receiver's table.
     */
    record GrantDataspace(int dataspace, long offset, long length, int rights, int via) implements KernelRequest {
        public int op() { return 17; }
    }

    /**
     * Take back every capability derived from this one by grants or transfers, in every process, and every
     * device mapping made through them; the caller keeps its own. Reply: {@link ReplyBody.None}.
     */
    record Revoke(int handle) implements KernelRequest { public int op() { return 18; } }

    /**
     * Open a device (needs USE): Reply {@link ReplyBody.DeviceOpened} with a WAIT capability to its interrupt
     * notification; fds: the register region memfd, the interrupt notification memfd.
     */
    record OpenDevice(int device) implements KernelRequest { public int op() { return 19; } }

    /**
     * Let a device reach a dataspace (needs USE on the device, READ on the dataspace and WRITE too when
     * {@code writable}): the IOMMU maps the dataspace's whole range at I/O address {@code iova} (page-aligned, not
     * overlapping another mapping). Reply: {@link ReplyBody.None}.
     */
    record DmaMap(int device, int dataspace, long iova, boolean writable) implements KernelRequest { public int op() { return 20; } }

    /** Remove the device mapping at {@code iova}. Reply: {@link ReplyBody.None}. */
    record DmaUnmap(int device, long iova) implements KernelRequest { public int op() { return 21; } }

    /** List dataspaces (needs INSPECT), paged as ListProcesses. Reply: {@link ReplyBody.Dataspaces}. */
    record ListDataspaces(int from) implements KernelRequest { public int op() { return 22; } }

    static KernelRequest read(int op, WireReader r) throws MalformedMessageException {
        KernelRequest req = switch (op) {
            case 1 -> new Hello(r.i64());
            case 2 -> new CreateEndpoint(name(r));
            case 3 -> new Connect(r.i32());
            case 4 -> new Close(r.i32());
            case 5 -> new Transfer(r.i32(), rights(r), r.i32());
            case 6 -> new CreateNotification();
            case 7 -> new Spawn(ProcessSpec.read(r));
            case 8 -> new Kill(r.i32(), r.bool());
            case 9 -> new WatchDeath(r.i32(), r.i32(), r.i32());
            case 10 -> new ListProcesses(r.i32(0, Integer.MAX_VALUE, "first row"));
            case 11 -> new ListChannels(r.i32(0, Integer.MAX_VALUE, "first row"));
            case 12 -> new CloseChannel(r.i32(), Status.fromCode(r.i32()));
            case 13 -> new Describe();
            case 14 -> new Serve(r.i32());
            case 15 -> new AllocateDataspace(r.i64(1, MAX_DATASPACE, "dataspace size"));
            case 16 -> new MapDataspace(r.i32());
            case 17 -> new GrantDataspace(r.i32(), r.i64(0, MAX_DATASPACE, "offset"), r.i64(1, MAX_DATASPACE, "length"), rights(r), r.i32());
            case 18 -> new Revoke(r.i32());
            case 19 -> new OpenDevice(r.i32());
            case 20 -> new DmaMap(r.i32(), r.i32(), r.i64(0, MAX_IOVA, "I/O address"), r.bool());
            case 21 -> new DmaUnmap(r.i32(), r.i64(0, MAX_IOVA, "I/O address"));
            case 22 -> new ListDataspaces(r.i32(0, Integer.MAX_VALUE, "first row"));
            default -> throw new MalformedMessageException("unknown request op " + op);
        };
        r.end();
        return req;
    }

    static void write(KernelRequest req, WireWriter w) {
        switch (req) {
            case Hello h -> w.i64(h.token());
            case CreateEndpoint c -> w.string(c.name(), ProcessSpec.MAX_NAME);
            case Connect c -> w.i32(c.endpoint());
            case Close c -> w.i32(c.handle());
            case Transfer t -> w.i32(t.handle()).i32(t.rights()).i32(t.via());
            case CreateNotification c -> { }
            case Spawn s -> s.spec().write(w);
            case Kill k -> w.i32(k.process()).bool(k.force());
            case WatchDeath d -> w.i32(d.process()).i32(d.notification()).i32(d.bits());
            case ListProcesses l -> w.i32(l.from());
            case ListChannels l -> w.i32(l.from());
            case CloseChannel c -> w.i32(c.channel()).i32(c.reason().code());
            case Describe d -> { }
            case Serve s -> w.i32(s.endpoint());
            case AllocateDataspace a -> w.i64(a.bytes());
            case MapDataspace m -> w.i32(m.dataspace());
            case GrantDataspace g -> w.i32(g.dataspace()).i64(g.offset()).i64(g.length()).i32(g.rights()).i32(g.via());
            case Revoke v -> w.i32(v.handle());
            case OpenDevice o -> w.i32(o.device());
            case DmaMap m -> w.i32(m.device()).i32(m.dataspace()).i64(m.iova()).bool(m.writable());
            case DmaUnmap u -> w.i32(u.device()).i64(u.iova());
            case ListDataspaces l -> w.i32(l.from());
        }
    }

    private static String name(WireReader r) throws MalformedMessageException {
        String n = r.string(ProcessSpec.MAX_NAME);
        if (!ProcessSpec.isValidName(n)) throw new MalformedMessageException("bad name");
        return n;
    }

    private static int rights(WireReader r) throws MalformedMessageException {
        int v = r.i32();
        if (!Rights.isValid(v)) throw new MalformedMessageException("unknown rights bits");
        return v;
    }
}
