package dev.kernite.runtime;

import dev.kernite.abi.CapType;
import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.DoorbellLayout;
import dev.kernite.abi.NotificationLayout;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.KernelEvent;
import dev.kernite.abi.control.KernelRequest;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.control.ReplyBody;
import dev.kernite.runtime.ring.ClientRings;
import dev.kernite.sys.Fd;
import dev.kernite.sys.Mapping;
import dev.kernite.sys.Memfd;
import dev.kernite.sys.SysException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A process's environment: everything it was given by the kernel — its identity, privileges and named initial
 * capabilities — and the operations it can ask of the kernel. A service's {@code main} starts with
 * {@code Env env = Env.connect();} and reaches everything else from it; there is no global state.
 *
 * <p>When the kernel goes away (or asks for shutdown) the process exits: no Kernite process outlives its kernel.
 *
 * <p>Thread safety: thread-safe.
 */
public final class Env implements AutoCloseable {
    /** A capability another process transferred to this one, waiting to be taken. */
    public record Arrival(int via, int handle, CapType type, int rights) { }

    /**
     * A spawned process: its capability (KILL, WATCH, GRANT), its pid, and a SEND|GRANT handle for each endpoint
     * created for it, in the order the spec named them.
     */
    public record Child(int handle, int pid, List<Integer> endpoints) { }

    private final KernelLink link;
    private final ReplyBody.Welcome welcome;
    private final Map<Integer, Server> servers = new ConcurrentHashMap<>();
    private final Map<Integer, List<Runnable>> earlyOpens = new ConcurrentHashMap<>();
    private final Map<Integer, Arrival> arrivals = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> arrivedFds = new ConcurrentHashMap<>();
    private final Map<Integer, Dataspace> dataspaces = new ConcurrentHashMap<>();

    private Env(KernelLink link, ReplyBody.Welcome welcome) {
        this.link = link;
        this.welcome = welcome;
    }

    /**
     * Connects to the kernel that started this process (its socket and token are in the environment) and proves
     * who we are. Fails with IllegalStateException when the process was not started by a Kernite kernel.
     */
    public static Env connect() {
        String socket = System.getenv("KERNITE_CONTROL");
        String token = System.getenv("KERNITE_TOKEN");
        if (socket == null || token == null) {
            throw new IllegalStateException("not started by a Kernite kernel (KERNITE_CONTROL / KERNITE_TOKEN unset); boot with ./kernite");
        }
        EnvHolder holder = new EnvHolder();
        KernelLink link = KernelLink.connect(Path.of(socket), holder::event, Env::kernelLost);
        KernelLink.Reply r = link.call(new KernelRequest.Hello(HexFormat.fromHexDigitsToLong(token)));
        if (!r.status().isOk()) {
            link.close();
            throw new KerniteException(r.status(), "kernel refused this process");
        }
        Env env = new Env(link, (ReplyBody.Welcome) r.body());
        holder.set(env);
        return env;
    }

    public int pid() { return welcome.pid(); }

    public String name() { return welcome.name(); }

    public int privileges() { return welcome.privileges(); }

    /** The initial capabilities, by name. */
    public List<ReplyBody.NamedCap> capabilities() { return welcome.caps(); }

    /** The handle of a named initial capability. */
    public Optional<ReplyBody.NamedCap> capability(String name) {
        return welcome.caps().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    // ------------------------------------------------------------------ endpoints and channels

    /** Serves the endpoint named {@code name} in the environment (created at spawn). */
    public Result<Server> serve(String name) {
        Optional<ReplyBody.NamedCap> cap = capability(name);
        if (cap.isEmpty()) return Result.error(Status.NOT_FOUND);
        if (cap.get().type() != CapType.ENDPOINT) return Result.error(Status.WRONG_TYPE);
        KernelLink.Reply r = link.call(new KernelRequest.Serve(cap.get().handle()));
        return newServer(r, cap.get().handle(), name);
    }

    /** Creates a new endpoint served by this process. */
    public Result<Server> createEndpoint(String name) {
        KernelLink.Reply r = link.call(new KernelRequest.CreateEndpoint(name));
        return newServer(r, r.status().isOk() ? ((ReplyBody.Handle) r.body()).handle() : 0, name);
    }

    private Result<Server> newServer(KernelLink.Reply r, int handle, String name) {
        if (!r.status().isOk()) return Result.error(r.status());
        Result<Mapping> bell = mapOne(r.fds(), DoorbellLayout.SIZE);
        if (!bell.ok()) return Result.error(bell.status());
        Server s = new Server(this, handle, name, bell.value());
        List<Runnable> early;
        synchronized (earlyOpens) {
            servers.put(handle, s);
            early = earlyOpens.remove(handle);
        }
        if (early != null) early.forEach(Runnable::run);
        return Result.ok(s);
    }

    /** Connects to the endpoint named {@code name} in the environment. */
    public Result<Client> connect(String name) {
        Optional<ReplyBody.NamedCap> cap = capability(name);
        if (cap.isEmpty()) return Result.error(Status.NOT_FOUND);
        return connect(cap.get().handle());
    }

    /** Connects to an endpoint by handle (needs SEND). */
    public Result<Client> connect(int endpointHandle) {
        KernelLink.Reply r = link.call(new KernelRequest.Connect(endpointHandle));
        if (!r.status().isOk()) {
            KernelLink.closeAll(r.fds());
            return Result.error(r.status());
        }
        ReplyBody.Connected c = (ReplyBody.Connected) r.body();
        if (r.fds().length != 2 || !ChannelLayout.isValidGeometry(c.slotSize(), c.reqSlots(), c.repSlots())) {
            KernelLink.closeAll(r.fds());
            return Result.error(Status.PROTOCOL_ERROR);
        }
        Result<Mapping> ch = map(r.fds()[0], ChannelLayout.segmentSize(c.slotSize(), c.reqSlots(), c.repSlots()));
        Result<Mapping> bell = map(r.fds()[1], DoorbellLayout.SIZE);
        if (!ch.ok() || !bell.ok()) {
            if (ch.ok()) ch.value().close();
            if (bell.ok()) bell.value().close();
            closeHandle(c.handle());
            return Result.error(Status.PROTOCOL_ERROR);
        }
        ClientRings rings = ClientRings.open(ch.value().segment(), bell.value().segment());
        if (rings == null) {
            ch.value().close();
            bell.value().close();
            reportBroken(c.handle());
            return Result.error(Status.PROTOCOL_ERROR);
        }
        return Result.ok(new Client(this, c.handle(), ch.value(), bell.value(), rings));
    }

    // ------------------------------------------------------------------ notifications and capabilities

    public Result<Notification> createNotification() {
        KernelLink.Reply r = link.call(new KernelRequest.CreateNotification());
        if (!r.status().isOk()) return Result.error(r.status());
        Result<Mapping> m = mapOne(r.fds(), NotificationLayout.SIZE);
        if (!m.ok()) return Result.error(m.status());
        return Result.ok(new Notification(this, ((ReplyBody.Handle) r.body()).handle(), m.value()));
    }

    /**
     * Gives the process at the other end of channel {@code viaChannel} a copy of capability {@code handle} with at
     * most {@code rights}. Returns the copy's handle in the receiver's table.
     */
    public Result<Integer> transfer(int handle, int rights, int viaChannel) {
        KernelLink.Reply r = link.call(new KernelRequest.Transfer(handle, rights, viaChannel));
        return r.status().isOk() ? Result.ok(((ReplyBody.Handle) r.body()).handle()) : Result.error(r.status());
    }

    /** A capability that arrived from another process, if one with this handle did. */
    public Optional<Arrival> arrival(int handle) {
        return Optional.ofNullable(arrivals.get(handle));
    }

    /** Maps a notification that arrived by transfer. */
    public Result<Notification> takeNotification(int handle) {
        Arrival a = arrivals.get(handle);
        if (a == null) return Result.error(Status.INVALID_HANDLE);
        if (a.type() != CapType.NOTIFICATION) return Result.error(Status.WRONG_TYPE);
        Integer fd = arrivedFds.remove(handle);
        if (fd == null) return Result.error(Status.BAD_STATE);
        arrivals.remove(handle);
        Result<Mapping> m = map(fd, NotificationLayout.SIZE);
        return m.ok() ? Result.ok(new Notification(this, handle, m.value())) : Result.error(m.status());
    }

    /** Drops a capability. */
    public Status closeHandle(int handle) {
        arrivals.remove(handle);
        Integer fd = arrivedFds.remove(handle);
        if (fd != null) Fd.closeQuietly(fd);
        return link.call(new KernelRequest.Close(handle)).status();
    }

    // ------------------------------------------------------------------ memory and devices

    /**
     * Allocates a zeroed dataspace of at least {@code bytes} (whole pages), charged to this process's memory quota
     * (OUT_OF_MEMORY when it would not fit), and maps it read-write.
     */
    public Result<Dataspace> allocate(long bytes) {
        if (bytes <= 0 || bytes > KernelRequest.MAX_DATASPACE) return Result.error(Status.INVALID_ARGUMENT);
        KernelLink.Reply r = link.call(new KernelRequest.AllocateDataspace(bytes));
        if (!r.status().isOk()) return Result.error(r.status());
        int handle = ((ReplyBody.Handle) r.body()).handle();
        Result<Dataspace> d = mapDataspace(handle, Rights.READ | Rights.WRITE | Rights.GRANT);
        if (!d.ok()) link.call(new KernelRequest.Close(handle));
        return d;
    }

    /** Maps a dataspace capability this process holds (one granted to it, say): read-write only if it has WRITE. */
    public Result<Dataspace> mapDataspace(int handle) {
        Arrival a = arrivals.get(handle);
        int rights = a != null ? a.rights()
            : capabilities().stream().filter(c -> c.handle() == handle).mapToInt(ReplyBody.NamedCap::rights).findFirst().orElse(Rights.READ);
        return mapDataspace(handle, rights);
    }

    private Result<Dataspace> mapDataspace(int handle, int rights) {
        KernelLink.Reply r = link.call(new KernelRequest.MapDataspace(handle));
        if (!r.status().isOk()) return Result.error(r.status());
        ReplyBody.Mapped m = (ReplyBody.Mapped) r.body();
        if (r.fds().length != 1) {
            KernelLink.closeAll(r.fds());
            return Result.error(Status.PROTOCOL_ERROR);
        }
        try {
            Mapping mapping = Mapping.mapRange(r.fds()[0], m.offset(), m.length(), m.writable());
            arrivals.remove(handle);
            Dataspace d = new Dataspace(this, handle, rights, mapping);
            dataspaces.put(handle, d);
            return Result.ok(d);
        } catch (SysException | IllegalArgumentException e) {
            return Result.error(Status.HOST_ERROR);
        } finally {
            Fd.closeQuietly(r.fds()[0]);
        }
    }

    Result<Integer> grantDataspace(int handle, long offset, long length, int rights, int via) {
        KernelLink.Reply r = link.call(new KernelRequest.GrantDataspace(handle, offset, length, rights, via));
        return r.status().isOk() ? Result.ok(((ReplyBody.Handle) r.body()).handle()) : Result.error(r.status());
    }

    Status revoke(int handle) { return link.call(new KernelRequest.Revoke(handle)).status(); }

    void dataspaceClosed(Dataspace d) {
        dataspaces.remove(d.handle());
        link.call(new KernelRequest.Close(d.handle()));
    }

    /** Opens a device this process holds a capability to (named in its environment, e.g. {@code blk0}). */
    public Result<Device> openDevice(int handle) {
        KernelLink.Reply r = link.call(new KernelRequest.OpenDevice(handle));
        if (!r.status().isOk()) return Result.error(r.status());
        ReplyBody.DeviceOpened o = (ReplyBody.DeviceOpened) r.body();
        if (r.fds().length != 2 || o.registerBytes() <= 0) {
            KernelLink.closeAll(r.fds());
            return Result.error(Status.PROTOCOL_ERROR);
        }
        Result<Mapping> irq = map(r.fds()[1], NotificationLayout.SIZE);
        if (!irq.ok()) {
            Fd.closeQuietly(r.fds()[0]);
            return Result.error(irq.status());
        }
        Result<Mapping> regs = map(r.fds()[0], o.registerBytes());
        if (!regs.ok()) {
            irq.value().close();
            return Result.error(regs.status());
        }
        return Result.ok(new Device(this, handle, o.deviceId(), regs.value(), new Notification(this, o.irq(), irq.value())));
    }

    Status dmaMap(int device, int dataspace, long iova, boolean writable) {
        return link.call(new KernelRequest.DmaMap(device, dataspace, iova, writable)).status();
    }

    Status dmaUnmap(int device, long iova) {
        return link.call(new KernelRequest.DmaUnmap(device, iova)).status();
    }

    /** Every dataspace capability in the system (needs INSPECT), all pages of it. */
    public Result<List<ReplyBody.DataspaceInfo>> dataspaces() {
        return allPages(KernelRequest.ListDataspaces::new, b -> new Page<>(((ReplyBody.Dataspaces) b).rows(), ((ReplyBody.Dataspaces) b).total()));
    }

    // ------------------------------------------------------------------ processes

    /** Starts a process (needs the SPAWN privilege). */
    public Result<Child> spawn(ProcessSpec spec) {
        KernelLink.Reply r = link.call(new KernelRequest.Spawn(spec));
        if (!r.status().isOk()) return Result.error(r.status());
        ReplyBody.Spawned s = (ReplyBody.Spawned) r.body();
        return Result.ok(new Child(s.handle(), s.pid(), s.endpoints()));
    }

    public Status kill(int processHandle, boolean force) {
        return link.call(new KernelRequest.Kill(processHandle, force)).status();
    }

    /** Has the kernel signal {@code bits} on {@code n} when the process dies. */
    public Status watchDeath(int processHandle, Notification n, int bits) {
        return link.call(new KernelRequest.WatchDeath(processHandle, n.handle(), bits)).status();
    }

    /** The process table (needs INSPECT), all pages of it. */
    public Result<List<ReplyBody.ProcessInfo>> processes() {
        return allPages(KernelRequest.ListProcesses::new, b -> new Page<>(((ReplyBody.Processes) b).rows(), ((ReplyBody.Processes) b).total()));
    }

    /** The channel table with message counts (needs INSPECT), all pages of it. */
    public Result<List<ReplyBody.ChannelInfo>> channels() {
        return allPages(KernelRequest.ListChannels::new, b -> new Page<>(((ReplyBody.Channels) b).rows(), ((ReplyBody.Channels) b).total()));
    }

    private record Page<T>(List<T> rows, int total) { }

    /** Asks for pages from row 0 on until the table's total is read (or a page comes back empty). */
    private <T> Result<List<T>> allPages(java.util.function.IntFunction<KernelRequest> request,
                                         java.util.function.Function<ReplyBody, Page<T>> page) {
        List<T> all = new ArrayList<>();
        while (true) {
            KernelLink.Reply r = link.call(request.apply(all.size()));
            if (!r.status().isOk()) return Result.error(r.status());
            Page<T> p = page.apply(r.body());
            all.addAll(p.rows());
            if (p.rows().isEmpty() || all.size() >= p.total()) return Result.ok(List.copyOf(all));
        }
    }

    @Override
    public void close() {
        for (Server s : new ArrayList<>(servers.values())) s.close();
        link.close();
    }

    // ------------------------------------------------------------------ runtime internals

    /** We saw the peer break the protocol on this channel: the kernel closes it for both sides. */
    void reportBroken(int channelHandle) {
        link.call(new KernelRequest.CloseChannel(channelHandle, Status.PROTOCOL_ERROR));
    }

    void serverClosed(Server s) { servers.remove(s.handle()); }

    private void event(KernelEvent ev, int[] fds) {
        switch (ev) {
            case KernelEvent.ChannelOpened o -> channelOpened(o, fds);
            case KernelEvent.ChannelClosed c -> KernelLink.closeAll(fds); // the state word already tells both ends
            case KernelEvent.CapabilityArrived a -> {
                if (dataspaces.containsKey(a.handle())) { KernelLink.closeAll(fds); return; } // mapped before its news came
                arrivals.put(a.handle(), new Arrival(a.via(), a.handle(), a.type(), a.rights()));
                if (fds.length == 1) arrivedFds.put(a.handle(), fds[0]); else KernelLink.closeAll(fds);
            }
            case KernelEvent.Shutdown s -> exit("kernel: " + s.reason());
            case KernelEvent.CapabilityRevoked v -> {
                arrivals.remove(v.handle());
                Dataspace d = dataspaces.remove(v.handle());
                if (d != null) d.revoked();
                KernelLink.closeAll(fds);
            }
        }
    }

    private void channelOpened(KernelEvent.ChannelOpened o, int[] fds) {
        if (fds.length != 1 || !ChannelLayout.isValidGeometry(o.slotSize(), o.reqSlots(), o.repSlots())) {
            KernelLink.closeAll(fds);
            return;
        }
        Result<Mapping> m = map(fds[0], ChannelLayout.segmentSize(o.slotSize(), o.reqSlots(), o.repSlots()));
        if (!m.ok()) {
            reportBroken(o.channel());
            return;
        }
        Runnable open = () -> servers.get(o.endpoint()).channelOpened(o.channel(), o.badge(), m.value());
        synchronized (earlyOpens) {
            if (servers.containsKey(o.endpoint())) open.run();
            else earlyOpens.computeIfAbsent(o.endpoint(), k -> new ArrayList<>()).add(open);
        }
    }

    /** Maps a received memfd after checking its size and seals; always consumes (closes) the fd. */
    private static Result<Mapping> map(int fd, long size) {
        try {
            if (Memfd.size(fd) < size || !Memfd.isSealedAgainstShrink(fd)) return Result.error(Status.PROTOCOL_ERROR);
            return Result.ok(Mapping.map(fd, size, true));
        } catch (SysException e) {
            return Result.error(Status.HOST_ERROR);
        } finally {
            Fd.closeQuietly(fd);
        }
    }

    private static Result<Mapping> mapOne(int[] fds, long size) {
        if (fds.length != 1) {
            KernelLink.closeAll(fds);
            return Result.error(Status.PROTOCOL_ERROR);
        }
        return map(fds[0], size);
    }

    private static void kernelLost() {
        exit("kernel connection lost");
    }

    private static void exit(String why) {
        System.err.println("kernite: " + why + "; exiting");
        Thread.ofPlatform().name("kernite-exit").start(() -> System.exit(0));
    }

    /** Lets the link deliver events to the Env it is building (events may arrive before connect returns). */
    private static final class EnvHolder {
        private Env env;
        private final List<Runnable> queued = new ArrayList<>();

        synchronized void set(Env e) {
            env = e;
            queued.forEach(Runnable::run);
            queued.clear();
        }

        synchronized void event(KernelEvent ev, int[] fds) {
            if (env != null) env.event(ev, fds);
            else queued.add(() -> env.event(ev, fds));
        }
    }
}
