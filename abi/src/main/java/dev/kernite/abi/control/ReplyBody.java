package dev.kernite.abi.control;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import java.util.List;

/** What a successful kernel reply carries; which one is fixed by the request (see {@link KernelRequest}). */
public sealed interface ReplyBody {
    int MAX_CAPS = 64;
    int MAX_ROWS = 256;

    record None() implements ReplyBody { }

    record Handle(int handle) implements ReplyBody { }

    /** The process's identity, initial capabilities (named) and program arguments. */
    record Welcome(int pid, String name, int privileges, List<NamedCap> caps) implements ReplyBody {
        public Welcome { caps = List.copyOf(caps); }
    }

    /** A new channel: the handle, and the geometry the client must find in the segment. */
    record Connected(int handle, int slotSize, int reqSlots, int repSlots) implements ReplyBody { }

    /**
     * A started process: its capability (KILL, WATCH, GRANT), its pid, and a SEND|GRANT capability for each
     * endpoint created for it at spawn, in the order of {@code ProcessSpec.endpoints}.
     */
    record Spawned(int handle, int pid, List<Integer> endpoints) implements ReplyBody {
        public Spawned { endpoints = List.copyOf(endpoints); }
    }

    /** One page of the process table: at most {@link #MAX_ROWS} rows, and how many there are in all. */
    record Processes(List<ProcessInfo> rows, int total) implements ReplyBody {
        public Processes { rows = List.copyOf(rows); }
    }

    /** One page of the channel table: at most {@link #MAX_ROWS} rows, and how many there are in all. */
    record Channels(List<ChannelInfo> rows, int total) implements ReplyBody {
        public Channels { rows = List.copyOf(rows); }
    }

    /** Where a mapped dataspace capability's range lies in the memfd sent beside it, and whether it is writable. */
    record Mapped(long offset, long length, boolean writable) implements ReplyBody { }

    /** An opened device: its class (virtio device id), register region size, and its interrupt capability. */
    record DeviceOpened(int deviceId, long registerBytes, int irq) implements ReplyBody { }

    /** One page of the dataspace table, paged as {@link Processes}. */
    record Dataspaces(List<DataspaceInfo> rows, int total) implements ReplyBody {
        public Dataspaces { rows = List.copyOf(rows); }
    }

    /**
     * One capability to a dataspace: {@code id} of the memory, who pays for it ({@code ownerPid}), who holds
     * this capability, its range and rights, how many capabilities derive from it, and how many device mappings
     * use it.
     */
    record DataspaceInfo(int id, int ownerPid, int holderPid, long offset, long length, int rights, int derived,
                         int dmaMappings) { }

    /** An initial capability: its name in the process's environment, handle, type and rights. */
    record NamedCap(String name, int handle, CapType type, int rights) { }

    /**
     * One row of the process table. {@code exitCode} is -1 while the process runs (or until the host has reported
     * its end), then its exit status: 0–255 from {@code exit}, 128 + N when killed by signal N.
     */
    record ProcessInfo(int pid, String name, String state, int threads, long rssKiB, long startedMillis,
                       int handles, int privileges, int exitCode, long memoryQuota, long memoryUsed, int dataspaces) { }

    /** One row of the channel table; counts are messages ever published on each ring. */
    record ChannelInfo(int id, String endpoint, int clientPid, int serverPid, long badge, String state,
                       long requests, long replies) { }

    static ReplyBody read(KernelRequest req, WireReader r) throws MalformedMessageException {
        ReplyBody body = switch (req) {
            case KernelRequest.Hello h -> readWelcome(r);
            case KernelRequest.Describe d -> readWelcome(r);
            case KernelRequest.CreateEndpoint c -> new Handle(r.i32());
            case KernelRequest.CreateNotification c -> new Handle(r.i32());
            case KernelRequest.Transfer t -> new Handle(r.i32());
            case KernelRequest.Connect c -> new Connected(r.i32(), r.i32(), r.i32(), r.i32());
            case KernelRequest.Spawn s -> new Spawned(r.i32(), r.i32(), r.list(ProcessSpec.MAX_ENDPOINTS, WireReader::i32));
            case KernelRequest.ListProcesses l -> {
                int total = r.i32(0, Integer.MAX_VALUE, "total");
                yield new Processes(r.list(MAX_ROWS, ReplyBody::readProcess), total);
            }
            case KernelRequest.ListChannels l -> {
                int total = r.i32(0, Integer.MAX_VALUE, "total");
                yield new Channels(r.list(MAX_ROWS, ReplyBody::readChannel), total);
            }
            case KernelRequest.Close c -> new None();
            case KernelRequest.Kill k -> new None();
            case KernelRequest.WatchDeath d -> new None();
            case KernelRequest.CloseChannel c -> new None();
            case KernelRequest.Serve s -> new None();
            case KernelRequest.AllocateDataspace a -> new Handle(r.i32());
            case KernelRequest.MapDataspace m -> new Mapped(r.i64(), r.i64(), r.bool());
            case KernelRequest.GrantDataspace g -> new Handle(r.i32());
            case KernelRequest.Revoke v -> new None();
            case KernelRequest.OpenDevice o -> new DeviceOpened(r.i32(), r.i64(), r.i32());
            case KernelRequest.DmaMap m -> new None();
            case KernelRequest.DmaUnmap u -> new None();
            case KernelRequest.ListDataspaces l -> {
                int total = r.i32(0, Integer.MAX_VALUE, "total");
                yield new Dataspaces(r.list(MAX_ROWS, ReplyBody::readDataspace), total);
            }
        };
        r.end();
        return body;
    }

    static void write(ReplyBody body, WireWriter w) {
        switch (body) {
            case None n -> { }
            case Handle h -> w.i32(h.handle());
            case Welcome wl -> w.i32(wl.pid()).string(wl.name(), ProcessSpec.MAX_NAME).i32(wl.privileges())
                .list(wl.caps(), MAX_CAPS, (x, c) -> x.string(c.name(), ProcessSpec.MAX_NAME).i32(c.handle())
                    .i32(c.type().code()).i32(c.rights()));
            case Connected c -> w.i32(c.handle()).i32(c.slotSize()).i32(c.reqSlots()).i32(c.repSlots());
            case Spawned s -> w.i32(s.handle()).i32(s.pid()).list(s.endpoints(), ProcessSpec.MAX_ENDPOINTS, WireWriter::i32);
            case Processes p -> w.i32(p.total()).list(p.rows(), MAX_ROWS, (x, i) -> x.i32(i.pid()).string(i.name(), ProcessSpec.MAX_NAME)
                .string(i.state(), 16).i32(i.threads()).i64(i.rssKiB()).i64(i.startedMillis()).i32(i.handles()).i32(i.privileges()).i32(i.exitCode())
                .i64(i.memoryQuota()).i64(i.memoryUsed()).i32(i.dataspaces()));
            case Channels c -> w.i32(c.total()).list(c.rows(), MAX_ROWS, (x, i) -> x.i32(i.id()).string(i.endpoint(), ProcessSpec.MAX_NAME)
                .i32(i.clientPid()).i32(i.serverPid()).i64(i.badge()).string(i.state(), 16).i64(i.requests()).i64(i.replies()));
            case Mapped m -> w.i64(m.offset()).i64(m.length()).bool(m.writable());
            case DeviceOpened d -> w.i32(d.deviceId()).i64(d.registerBytes()).i32(d.irq());
            case Dataspaces d -> w.i32(d.total()).list(d.rows(), MAX_ROWS, (x, i) -> x.i32(i.id()).i32(i.ownerPid()).i32(i.holderPid())
                .i64(i.offset()).i64(i.length()).i32(i.rights()).i32(i.derived()).i32(i.dmaMappings()));
        }
    }

    private static Welcome readWelcome(WireReader r) throws MalformedMessageException {
        int pid = r.i32();
        String name = r.string(ProcessSpec.MAX_NAME);
        int privileges = privileges(r);
        return new Welcome(pid, name, privileges, r.list(MAX_CAPS, x -> {
            String capName = x.string(ProcessSpec.MAX_NAME);
            int handle = x.i32();
            CapType type = CapType.fromCode(x.i32());
            if (type == null) throw new MalformedMessageException("unknown capability type");
            int rights = x.i32();
            if (!Rights.isValid(rights)) throw new MalformedMessageException("unknown rights bits");
            return new NamedCap(capName, handle, type, rights);
        }));
    }

    private static int privileges(WireReader r) throws MalformedMessageException {
        int p = r.i32();
        if (!Privileges.isValid(p)) throw new MalformedMessageException("unknown privilege bits");
        return p;
    }

    private static ProcessInfo readProcess(WireReader r) throws MalformedMessageException {
        return new ProcessInfo(r.i32(), r.string(ProcessSpec.MAX_NAME), r.string(16), r.i32(), r.i64(), r.i64(), r.i32(), privileges(r),
            r.i32(-1, 255, "exit code"), r.i64(), r.i64(), r.i32());
    }

    private static DataspaceInfo readDataspace(WireReader r) throws MalformedMessageException {
        return new DataspaceInfo(r.i32(), r.i32(), r.i32(), r.i64(), r.i64(), r.i32(), r.i32(), r.i32());
    }

    private static ChannelInfo readChannel(WireReader r) throws MalformedMessageException {
        return new ChannelInfo(r.i32(), r.string(ProcessSpec.MAX_NAME), r.i32(), r.i32(), r.i64(), r.string(16), r.i64(), r.i64());
    }
}
