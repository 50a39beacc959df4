package dev.kernite.kernel;

import dev.kernite.abi.CapType;
import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.DoorbellLayout;
import dev.kernite.abi.NotificationLayout;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.ControlCodec;
import dev.kernite.abi.control.KernelEvent;
import dev.kernite.abi.control.KernelRequest;
import dev.kernite.abi.control.KernelRequest.*;
import dev.kernite.abi.control.Privileges;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.control.ReplyBody;
import dev.kernite.kernel.object.Capability;
import dev.kernite.kernel.object.CapabilityTable;
import dev.kernite.kernel.object.CapabilityTable.Lookup;
import dev.kernite.kernel.object.ChannelObject;
import dev.kernite.kernel.object.DataspaceObject;
import dev.kernite.kernel.object.EndpointObject;
import dev.kernite.kernel.object.NotificationObject;
import dev.kernite.kernel.object.ProcessObject;
import dev.kernite.kernel.object.SharedMemory;
import dev.kernite.sys.SysException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel operations. Each one first decodes: looks up every capability with the rights it needs, checks every
 * argument and allocates what can fail (shared memory) — changing nothing; then invokes: changes state in steps
 * that cannot fail. All of it runs with the kernel lock held, called by the caller's connection thread.
 *
 * <p>Thread safety: call only with {@code Kernel.lock} held.
 */
final class Syscalls {
    /** A reply: status, body, and fds (owned by kernel objects; the connection duplicates them to send). */
    /**
     * A reply: status, body, and fds (owned by kernel objects; the connection duplicates them to send). When
     * {@code finish} is set, the connection applies it to the body after it has let go of the kernel lock, for work
     * that needs no kernel state (reading /proc).
     */
    record Reply(Status status, ReplyBody body, java.util.function.UnaryOperator<ReplyBody> finish, int... fds) {
        Reply(Status status, ReplyBody body, int... fds) { this(status, body, null, fds); }
        static Reply of(Status s) { return new Reply(s, new ReplyBody.None()); }
        static Reply ok(ReplyBody body, int... fds) { return new Reply(Status.OK, body, fds); }
    }

    /** Thrown inside a decode step to return a status; never leaves the syscall layer. */
    static final class Refused extends Exception {
        final Status status;
        Refused(Status status) { super(null, null, false, false); this.status = status; }
    }

    private final Kernel kernel;
    private final MemorySyscalls memory;

    Syscalls(Kernel kernel) {
        this.kernel = kernel;
        this.memory = new MemorySyscalls(kernel);
    }

    Reply handle(ProcessObject caller, KernelRequest request) {
        try {
            return switch (request) {
                case Hello h -> Reply.of(Status.BAD_STATE); // only valid as the first message
                case Describe d -> Reply.ok(welcome(caller));
                case CreateEndpoint c -> createEndpoint(caller, c);
                case Connect c -> connect(caller, c);
                case Close c -> close(caller, c);
                case Transfer t -> transfer(caller, t);
                case CreateNotification c -> createNotification(caller);
                case Spawn s -> spawn(caller, s);
                case Kill k -> kill(caller, k);
                case WatchDeath w -> watchDeath(caller, w);
                case ListProcesses l -> {
                    Reply r = inspect(caller, () -> {
                        List<ReplyBody.ProcessInfo> all = kernel.processInfosLocked();
                        return new ReplyBody.Processes(page(all, l.from()), all.size());
                    });
                    yield new Reply(r.status(), r.body(), b -> {
                        ReplyBody.Processes p = (ReplyBody.Processes) b;
                        return new ReplyBody.Processes(Kernel.withHostFigures(p.rows()), p.total());
                    });
                }
                case ListChannels l -> inspect(caller, () -> {
                    List<ReplyBody.ChannelInfo> all = kernel.channelInfosLocked();
                    return new ReplyBody.Channels(page(all, l.from()), all.size());
                });
                case CloseChannel c -> closeChannel(caller, c);
                case Serve s -> serve(caller, s);
                case AllocateDataspace a -> memory.allocate(caller, a);
                case MapDataspace m -> memory.map(caller, m);
                case GrantDataspace g -> memory.grant(caller, g);
                case Revoke v -> memory.revoke(caller, v);
                case OpenDevice o -> memory.openDevice(caller, o);
                case DmaMap m -> memory.dmaMap(caller, m);
                case DmaUnmap u -> memory.dmaUnmap(caller, u);
                case ListDataspaces l -> inspect(caller, () -> {
                    List<ReplyBody.DataspaceInfo> all = kernel.dataspaceInfosLocked();
                    return new ReplyBody.Dataspaces(page(all, l.from()), all.size());
                });
            };
        } catch (Refused r) {
            return Reply.of(r.status);
        }
    }

    ReplyBody.Welcome welcome(ProcessObject p) {
        List<ReplyBody.NamedCap> caps = new ArrayList<>();
        for (ProcessObject.NamedHandle n : p.names()) {
            Capability cap = p.table().get(n.handle());
            if (cap != null && caps.size() < ReplyBody.MAX_CAPS) caps.add(new ReplyBody.NamedCap(n.name(), n.handle(), cap.type(), cap.rights()));
        }
        return new ReplyBody.Welcome(p.pid(), p.name(), p.privileges(), caps);
    }

    /** Creates an endpoint served by {@code server}, or returns null when the table or host memory is full. */
    EndpointObject newEndpoint(ProcessObject server, String name) {
        if (!server.table().hasRoom()) return null;
        SharedMemory bell = allocateOrNull("kernite-doorbell-" + name, DoorbellLayout.SIZE);
        if (bell == null) return null;
        EndpointObject e = new EndpointObject(kernel.nextId(), name, server, bell);
        int h = server.table().insert(new Capability(CapType.ENDPOINT, e, Rights.SERVE | Rights.SEND | Rights.GRANT));
        e.servedBy(server, h);
        e.addServeHolder();
        server.names().add(new ProcessObject.NamedHandle(name, h));
        return e;
    }

    private Reply createEndpoint(ProcessObject caller, CreateEndpoint c) throws Refused {
        EndpointObject e = newEndpoint(caller, c.name());
        if (e == null) throw new Refused(Status.NO_RESOURCES);
        return Reply.ok(new ReplyBody.Handle(e.serveHandle()), e.doorbell().fd());
    }

    private Reply serve(ProcessObject caller, Serve s) throws Refused {
        EndpointObject e = (EndpointObject) need(caller, s.endpoint(), CapType.ENDPOINT, Rights.SERVE).object();
        if (!e.isAlive()) throw new Refused(Status.BAD_STATE);
        if (e.hasServer() && e.server() != caller) throw new Refused(Status.BAD_STATE); // one server at a time
        e.servedBy(caller, s.endpoint());
        return Reply.ok(new ReplyBody.None(), e.doorbell().fd());
    }

    private Reply connect(ProcessObject caller, Connect c) throws Refused {
        EndpointObject e = (EndpointObject) need(caller, c.endpoint(), CapType.ENDPOINT, Rights.SEND).object();
        if (!e.isAlive() || !e.hasServer()) throw new Refused(Status.PEER_DIED);
        ProcessObject server = e.server();
        if (!caller.table().hasRoom() || !server.table().hasRoom()) throw new Refused(Status.NO_RESOURCES);
        int slot = ChannelLayout.DEFAULT_SLOT_SIZE, req = ChannelLayout.DEFAULT_REQ_SLOTS, rep = ChannelLayout.DEFAULT_REP_SLOTS;
        SharedMemory mem = allocate("kernite-channel-" + e.name(), ChannelObject.sizeFor(slot, req, rep));
        // invoke
        int id = kernel.nextId();
        long badge = ((long) caller.pid() << 32) | id;
        ChannelObject ch = new ChannelObject(id, e, caller, badge, mem, slot, req, rep);
        e.channels().add(ch);
        kernel.addChannel(ch);
        int clientHandle = caller.table().insert(new Capability(CapType.CHANNEL, ch, Rights.USE));
        int serverHandle = server.table().insert(new Capability(CapType.CHANNEL, ch, Rights.USE));
        server.post(ControlCodec.encodeEvent(new KernelEvent.ChannelOpened(e.serveHandle(), serverHandle, badge, slot, req, rep)), mem.fd());
        return Reply.ok(new ReplyBody.Connected(clientHandle, slot, req, rep), mem.fd(), e.doorbell().fd());
    }

    private Reply close(ProcessObject caller, Close c) throws Refused {
        Capability cap = caller.table().remove(c.handle());
        if (cap == null) throw new Refused(Status.INVALID_HANDLE);
        caller.names().removeIf(n -> n.handle() == c.handle());
        kernel.release(caller, cap);
        return Reply.of(Status.OK);
    }

    private Reply transfer(ProcessObject caller, Transfer t) throws Refused {
        Capability cap = caller.table().get(t.handle());
        if (cap == null) throw new Refused(Status.INVALID_HANDLE);
        if (!Rights.includes(cap.rights(), Rights.GRANT)) throw new Refused(Status.ACCESS_DENIED);
        ChannelObject via = (ChannelObject) need(caller, t.via(), CapType.CHANNEL, Rights.USE).object();
        if (!via.isOpen()) throw new Refused(Status.CHANNEL_CLOSED);
        ProcessObject receiver = via.peerOf(caller);
        if (!receiver.isAlive()) throw new Refused(Status.PEER_DIED);
        if (!receiver.table().hasRoom()) throw new Refused(Status.NO_RESOURCES);
        if (cap.object() instanceof DataspaceObject d && !d.canDerive()) throw new Refused(Status.NO_RESOURCES);
        // SERVE never moves: an endpoint has exactly one server.
        int rights = Rights.restrict(cap.rights(), t.rights()) & ~Rights.SERVE;
        // invoke
        Capability copy = cap.object() instanceof DataspaceObject d
            ? new Capability(CapType.DATASPACE, kernel.deriveView(d, 0, d.length(), rights), rights)
            : new Capability(cap.type(), cap.object(), rights);
        if (copy.object() instanceof NotificationObject n) n.acquire();
        int handle = receiver.table().insert(copy);
        if (copy.object() instanceof DataspaceObject d) d.heldBy(receiver, handle);
        int viaAtReceiver = receiver.table().handlesOf(via).stream().findFirst().orElse(0);
        int[] fds = copy.object() instanceof NotificationObject n ? new int[] {n.memory().fd()} : new int[0];
        receiver.post(ControlCodec.encodeEvent(new KernelEvent.CapabilityArrived(viaAtReceiver, handle, copy.type(), rights)), fds);
        return Reply.ok(new ReplyBody.Handle(handle));
    }

    private Reply createNotification(ProcessObject caller) throws Refused {
        if (!caller.table().hasRoom()) throw new Refused(Status.NO_RESOURCES);
        SharedMemory mem = allocate("kernite-notification", NotificationLayout.SIZE);
        NotificationObject n = new NotificationObject(kernel.nextId(), mem);
        n.acquire();
        int h = caller.table().insert(new Capability(CapType.NOTIFICATION, n, Rights.SIGNAL | Rights.WAIT | Rights.GRANT));
        return Reply.ok(new ReplyBody.Handle(h), mem.fd());
    }

    private Reply spawn(ProcessObject caller, Spawn s) throws Refused {
        ProcessSpec spec = s.spec();
        if (!Rights.includes(caller.privileges(), Privileges.SPAWN)) throw new Refused(Status.ACCESS_DENIED);
        if (!Rights.includes(caller.privileges(), spec.privileges())) throw new Refused(Status.ACCESS_DENIED);
        if (caller.table().size() + 1 + spec.endpoints().size() >= CapabilityTable.CAPACITY - 1) throw new Refused(Status.NO_RESOURCES);
        List<Capability> grants = new ArrayList<>();
        for (ProcessSpec.Grant g : spec.grants()) {
            Capability cap = caller.table().get(g.handle());
            if (cap == null) throw new Refused(Status.INVALID_HANDLE);
            if (!Rights.includes(cap.rights(), Rights.GRANT)) throw new Refused(Status.ACCESS_DENIED);
            if (cap.object() instanceof DataspaceObject d && !d.canDerive()) throw new Refused(Status.NO_RESOURCES);
            // SERVE may pass only here, at spawn: a supervisor hands the endpoint it keeps to a new server.
            grants.add(new Capability(cap.type(), cap.object(), Rights.restrict(cap.rights(), g.rights())));
        }
        Kernel.Spawned result = kernel.spawnLocked(spec, grants);
        if (!result.status().isOk()) throw new Refused(result.status());
        ProcessObject child = result.process();
        int h = caller.table().insert(new Capability(CapType.PROCESS, child, Rights.KILL | Rights.WATCH | Rights.GRANT));
        List<Integer> endpoints = new ArrayList<>();
        for (EndpointObject e : result.endpoints()) {
            if (!caller.table().hasRoom()) break;
            endpoints.add(caller.table().insert(new Capability(CapType.ENDPOINT, e, Rights.SERVE | Rights.SEND | Rights.GRANT)));
            e.addServeHolder();
        }
        return Reply.ok(new ReplyBody.Spawned(h, child.pid(), endpoints));
    }

    private Reply kill(ProcessObject caller, Kill k) throws Refused {
        ProcessObject target = (ProcessObject) need(caller, k.process(), CapType.PROCESS, Rights.KILL).object();
        return Reply.of(kernel.kill(target, k.force()));
    }

    private Reply watchDeath(ProcessObject caller, WatchDeath w) throws Refused {
        ProcessObject target = (ProcessObject) need(caller, w.process(), CapType.PROCESS, Rights.WATCH).object();
        NotificationObject n = (NotificationObject) need(caller, w.notification(), CapType.NOTIFICATION, Rights.SIGNAL).object();
        if (w.bits() == 0) throw new Refused(Status.INVALID_ARGUMENT);
        if (!target.isAlive() && target.exitCode() >= 0) {
            n.signal(w.bits());
        } else {
            n.acquire();
            target.watchers().add(new ProcessObject.DeathWatch(n, w.bits()));
        }
        return Reply.of(Status.OK);
    }

    private Reply closeChannel(ProcessObject caller, CloseChannel c) throws Refused {
        ChannelObject ch = (ChannelObject) need(caller, c.channel(), CapType.CHANNEL, Rights.USE).object();
        if (c.reason() != Status.CHANNEL_CLOSED && c.reason() != Status.PROTOCOL_ERROR) throw new Refused(Status.INVALID_ARGUMENT);
        kernel.closeChannel(ch, c.reason(), caller);
        Capability cap = caller.table().remove(c.channel());
        kernel.release(caller, cap);
        return Reply.of(Status.OK);
    }

    private Reply inspect(ProcessObject caller, java.util.function.Supplier<ReplyBody> rows) throws Refused {
        if (!Rights.includes(caller.privileges(), Privileges.INSPECT)) throw new Refused(Status.ACCESS_DENIED);
        return Reply.ok(rows.get());
    }

    /** Rows {@code from} .. {@code from + MAX_ROWS} of a table (empty past its end). */
    static <T> List<T> page(List<T> rows, int from) {
        int start = Math.min(from, rows.size());
        return rows.subList(start, Math.min(rows.size(), start + ReplyBody.MAX_ROWS));
    }

    static Capability need(ProcessObject caller, int handle, CapType type, int rights) throws Refused {
        return switch (caller.table().lookup(handle, type, rights)) {
            case Lookup.Found f -> f.cap();
            case Lookup.Denied d -> throw new Refused(d.status());
        };
    }

    static SharedMemory allocate(String name, long size) throws Refused {
        SharedMemory m = allocateOrNull(name, size);
        if (m == null) throw new Refused(Status.NO_RESOURCES);
        return m;
    }

    private static SharedMemory allocateOrNull(String name, long size) {
        try {
            return SharedMemory.allocate(name, size);
        } catch (SysException e) {
            System.err.println("kernel: cannot allocate " + name + ": " + e.getMessage());
            return null;
        }
    }
}
