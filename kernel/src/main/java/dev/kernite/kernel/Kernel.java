package dev.kernite.kernel;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.ControlCodec;
import dev.kernite.abi.control.KernelEvent;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.kernel.object.Capability;
import dev.kernite.kernel.object.CapabilityTable;
import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.object.ChannelObject;
import dev.kernite.kernel.object.DataspaceObject;
import dev.kernite.kernel.object.DeviceObject;
import dev.kernite.kernel.object.SharedMemory;
import dev.kernite.kernel.object.EndpointObject;
import dev.kernite.kernel.object.NotificationObject;
import dev.kernite.kernel.object.ProcessObject;
import dev.kernite.kernel.proc.ProcFs;
import dev.kernite.kernel.proc.Spawner;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel: owns every kernel object and is the only place their state changes.
 *
 * <p>Locking: {@link #lock} is the one kernel lock. It guards this class's maps and every kernel object's mutable
 * state ({@link dev.kernite.kernel.object}). It is never held while waiting on a process: messages to processes
 * go through each connection's own queue, which never calls back into the kernel. The data path (rings) never
 * takes it — processes talk to each other without the kernel.
 *
 * <p>Thread safety: thread-safe.
 */
public final class Kernel implements AutoCloseable {
    /** Exited processes kept in the process table for introspection. */
    static final int KEPT_EXITED = 64;
    /** Live processes at most. */
    static final int MAX_PROCESSES = 1024;

    final ReentrantLock lock = new ReentrantLock();
    private final KernelConfig config;
    private final Map<Integer, ProcessObject> processes = new HashMap<>();  // by object id; guarded by lock
    private final Map<Long, ProcessObject> byToken = new HashMap<>();       // guarded by lock
    private final Map<Integer, ChannelObject> channels = new HashMap<>();   // guarded by lock
    private final Map<Integer, DataspaceObject> dataspaces = new HashMap<>(); // live views by id; guarded by lock
    private final List<DeviceObject> devices = new ArrayList<>();           // guarded by lock
    /** The kernel's own table: capabilities to endpoints created at spawn, for the host API to grant. */
    private final CapabilityTable rootTable = new CapabilityTable();       // guarded by lock
    private final Map<String, Integer> rootNames = new HashMap<>();         // guarded by lock
    private final Spawner spawner;
    private final Syscalls syscalls;
    private final ControlServer control;
    private final ExecutorService reaper = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("kernel-reaper").daemon().factory());
    private final Thread shutdownHook = new Thread(this::close, "kernel-shutdown");
    private int nextId = 1;                                                 // guarded by lock
    private boolean closed;                                                 // guarded by lock

    private Kernel(KernelConfig config, ControlServer control) {
        this.config = config;
        this.control = control;
        this.spawner = new Spawner(config, control.socketPath());
        this.syscalls = new Syscalls(this);
    }

    /** Starts a kernel: creates its private run directory and begins accepting process connections. */
    public static Kernel start(KernelConfig config) throws IOException {
        Files.createDirectories(config.runDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (config.logDir() != null) Files.createDirectories(config.logDir());
        ControlServer server = new ControlServer(config.runDir().resolve("kernel.sock"));
        Kernel k = new Kernel(config, server);
        server.start(k);
        Runtime.getRuntime().addShutdownHook(k.shutdownHook);
        return k;
    }

    public KernelConfig config() { return config; }

    // ---------------------------------------------------------------- host API (boot, tools, tests)

    /**
     * Spawns a process with every privilege it asks for. Endpoints named in the spec are created in its table and a
     * SEND|GRANT copy of each is kept in the kernel's root table under the same name, for later grants.
     * Grants in the spec name root handles (see {@link #endpoint}).
     */
    public SpawnResult spawn(ProcessSpec spec) {
        lock.lock();
        try {
            if (closed) return new SpawnResult(Status.BAD_STATE, 0);
            for (String e : spec.endpoints()) if (rootNames.containsKey(e)) return new SpawnResult(Status.ALREADY_EXISTS, 0);
            List<Capability> granted = new ArrayList<>();
            for (ProcessSpec.Grant g : spec.grants()) {
                Capability cap = rootTable.get(g.handle());
                if (cap == null) return new SpawnResult(Status.INVALID_HANDLE, 0);
                granted.add(new Capability(cap.type(), cap.object(), Rights.restrict(cap.rights(), g.rights())));
            }
            Spawned s = spawnLocked(spec, granted);
            if (s.process() != null) {
                for (EndpointObject e : s.endpoints()) {
                    rootNames.put(e.name(), rootTable.insert(new Capability(CapType.ENDPOINT, e, Rights.SEND | Rights.GRANT)));
                }
            }
            return new SpawnResult(s.status(), s.process() == null ? 0 : s.process().pid());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Attaches a device model: creates its register region and interrupt line, starts the model, and keeps a
     * USE|GRANT capability to it in the root table under the device's name, for {@link ProcessSpec.Grant}s.
     * Returns that root handle. The kernel closes the model when it closes.
     */
    public int attach(DeviceModel model) {
        lock.lock();
        try {
            if (closed || rootNames.containsKey(model.name())) throw new IllegalStateException("cannot attach device " + model.name());
            SharedMemory regs = SharedMemory.allocate("kernite-device-" + model.name(), model.registerBytes());
            NotificationObject irq = new NotificationObject(nextId(), SharedMemory.allocate("kernite-irq-" + model.name(), dev.kernite.abi.NotificationLayout.SIZE));
            DeviceObject d = new DeviceObject(nextId(), model, regs, irq);
            devices.add(d);
            int h = rootTable.insert(new Capability(CapType.DEVICE, d, Rights.USE | Rights.GRANT));
            rootNames.put(model.name(), h);
            model.attach(d);
            return h;
        } finally {
            lock.unlock();
        }
    }

    /** IOMMU faults a device has seen (accesses outside what its drivers mapped), or -1 for an unknown device. */
    public long iommuFaults(String device) {
        lock.lock();
        try {
            return devices.stream().filter(d -> d.name().equals(device)).mapToLong(DeviceObject::faults).findFirst().orElse(-1);
        } finally {
            lock.unlock();
        }
    }

    /** Every dataspace capability in the system. */
    public List<DataspaceInfo> dataspaces() {
        lock.lock();
        try {
            return dataspaceInfosLocked();
        } finally {
            lock.unlock();
        }
    }

    /** The root handle of an endpoint created at spawn (or of a device), for {@link ProcessSpec.Grant}s. */
    public Optional<Integer> endpoint(String name) {
        lock.lock();
        try {
            Integer h = rootNames.get(name);
            return h == null || rootTable.get(h) == null ? Optional.empty() : Optional.of(h);
        } finally {
            lock.unlock();
        }
    }

    /** Every process, alive or exited (exited ones until the kernel closes), ordered by pid. */
    public List<ProcessInfo> processes() {
        List<ProcessInfo> rows;
        lock.lock();
        try {
            rows = processInfosLocked();
        } finally {
            lock.unlock();
        }
        return withHostFigures(rows);
    }

    /** Every channel that is open or still held by one of its ends. */
    public List<ChannelInfo> channels() {
        lock.lock();
        try {
            return channelInfosLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Kills a process by pid (SIGKILL when forced, else SIGTERM). Returns NOT_FOUND or BAD_STATE when not running. */
    public Status kill(int pid, boolean force) {
        lock.lock();
        try {
            ProcessObject p = byPid(pid);
            if (p == null) return Status.NOT_FOUND;
            return kill(p, force);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the kernel has reclaimed the process with this pid; false on timeout. */
    public boolean awaitExit(int pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            lock.lock();
            try {
                ProcessObject p = byPid(pid);
                if (p == null || !p.isAlive()) return true;
            } finally {
                lock.unlock();
            }
            Thread.sleep(5);
        }
        return false;
    }

    /**
     * The exit status of the process with this pid, once the host has reported it (the kernel may reclaim a
     * process on its control socket's EOF a moment before); empty while it runs, when the status is not known yet,
     * or for an unknown pid. A process killed by a signal reports 128 + the signal number.
     */
    public OptionalInt exitCode(int pid) {
        lock.lock();
        try {
            ProcessObject p = byPid(pid);
            return p == null || p.isAlive() || p.exitCode() < 0 ? OptionalInt.empty() : OptionalInt.of(p.exitCode());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The kernel's own mapping of a channel's shared memory, for fault-injection tests and debugging tools that
     * embed a kernel. Writing to it is exactly what a hostile peer could do.
     */
    public Optional<MemorySegment> channelMemory(int channelId) {
        lock.lock();
        try {
            ChannelObject c = channels.get(channelId);
            return c == null || c.isFreed() ? Optional.empty() : Optional.of(c.memory().segment());
        } finally {
            lock.unlock();
        }
    }

    /** Asks every process to exit, waits briefly, kills what is left, and removes the run directory. */
    @Override
    public void close() {
        List<ProcessObject> live;
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            live = processes.values().stream().filter(ProcessObject::isAlive).toList();
            for (ProcessObject p : live) p.post(ControlCodec.encodeEvent(new KernelEvent.Shutdown("kernel shutting down")));
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessObject p : live) {
            Process proc = p.process();
            if (proc == null) continue;
            try {
                if (!proc.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) proc.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                proc.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessObject p : live) reclaim(p, p.process() == null || p.process().isAlive() ? -1 : p.process().exitValue());
        List<DeviceObject> attached;
        lock.lock();
        try {
            attached = List.copyOf(devices);
        } finally {
            lock.unlock();
        }
        for (DeviceObject d : attached) d.model().close();
        control.close();
        reaper.shutdownNow();
        deleteRunDir();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException inShutdown) {
            // closing from the hook itself
        }
    }

    // ---------------------------------------------------------------- used by the control server and syscalls

    /** Result of a spawn inside the kernel: the process (null on failure) and endpoints created for it. */
    record Spawned(Status status, ProcessObject process, List<EndpointObject> endpoints) { }

    /**
     * Spawns with already-checked grants, {@code grants.get(i)} being what {@code spec.grants().get(i)} resolved to.
     * Caller holds the lock. Nothing changes unless the status is OK.
     */
    Spawned spawnLocked(ProcessSpec spec, List<Capability> grants) {
        if (processes.values().stream().filter(ProcessObject::isAlive).count() >= MAX_PROCESSES) {
            return new Spawned(Status.NO_RESOURCES, null, List.of());
        }
        long token = Spawner.newToken();
        ProcessObject p = new ProcessObject(nextId(), spec, token);
        List<EndpointObject> endpoints = new ArrayList<>();
        for (String name : spec.endpoints()) {
            var created = syscalls.newEndpoint(p, name);
            if (created == null) {
                endpoints.forEach(EndpointObject::kill);
                return new Spawned(Status.NO_RESOURCES, null, List.of());
            }
            endpoints.add(created);
        }
        for (int i = 0; i < grants.size(); i++) {  // grants.get(i) is spec.grants().get(i), checked by the caller
            Capability g = grants.get(i);
            if (g.object() instanceof NotificationObject n) n.acquire();
            if (g.object() instanceof DataspaceObject d) g = new Capability(CapType.DATASPACE, deriveView(d, 0, d.length(), g.rights()), g.rights());
            int h = p.table().insert(g);
            if (g.object() instanceof DataspaceObject d) d.heldBy(p, h);
            if (g.object() instanceof EndpointObject e && Rights.includes(g.rights(), Rights.SERVE)) {
                e.addServeHolder();
                // an endpoint nobody serves is served by its new holder from birth, as one created for it would be:
                // connections made before it runs wait for it
                if (!e.hasServer()) e.servedBy(p, h);
            }
            p.names().add(new ProcessObject.NamedHandle(spec.grants().get(i).name(), h));
        }
        Process proc;
        try {
            proc = spawner.start(spec, token, p.id());
        } catch (IOException | RuntimeException e) {
            System.err.println("kernel: cannot start " + spec.name() + ": " + e.getMessage());
            p.exited(-1);
            p.table().clear().forEach(c -> release(p, c));
            return new Spawned(Status.HOST_ERROR, null, List.of());
        }
        p.started(proc);
        processes.put(p.id(), p);
        byToken.put(token, p);
        proc.onExit().thenRunAsync(() -> reclaim(p, proc.exitValue()), reaper);
        return new Spawned(Status.OK, p, endpoints);
    }

    /** A connecting process proved its token; checks it is the process that was spawned with it. */
    ProcessObject authenticate(long token, int peerPid) {
        lock.lock();
        try {
            ProcessObject p = byToken.get(token);
            if (p == null || p.pid() != peerPid || p.state() != ProcessObject.State.STARTING) return null;
            byToken.remove(token);
            return p;
        } finally {
            lock.unlock();
        }
    }

    Syscalls syscalls() { return syscalls; }

    /** The control connection of a process broke: it is dead to us. Kill it and reclaim at once. */
    void connectionLost(ProcessObject p) {
        Process proc = p.process();
        if (proc != null && proc.isAlive()) proc.destroyForcibly();
        reclaim(p, -1);
    }

    Status kill(ProcessObject p, boolean force) {
        if (!p.isAlive() || p.process() == null) return Status.BAD_STATE;
        if (force) p.process().destroyForcibly(); else p.process().destroy();
        return Status.OK;
    }

    /**
     * Takes back everything a dead process held: closes its channels (peers see PEER_DIED at once), kills the
     * endpoints it served, drops its other capabilities and signals its death watchers. Idempotent.
     */
    void reclaim(ProcessObject p, int exitCode) {
        lock.lock();
        try {
            if (!p.isAlive()) {
                if (exitCode >= 0 && p.exitCode() < 0) {
                    p.exited(exitCode);
                    tellWatchers(p);
                }
                return;
            }
            p.exited(exitCode);
            byToken.remove(p.token());
            for (Capability cap : p.table().clear()) {
                if (cap.object() instanceof ChannelObject ch) closeChannel(ch, Status.PEER_DIED, p);
                release(p, cap);
            }
            // Death watchers hear of it once the host has reported the exit status, so they can read it in the
            // process table; after a control-socket EOF that is a moment later (the process is being killed).
            if (exitCode >= 0 || p.process() == null) tellWatchers(p);
            if (p.process() != null && p.process().isAlive()) p.process().destroyForcibly();
            forgetOldExited();
        } finally {
            lock.unlock();
        }
        control.disconnect(p);
    }

    /** Signals every death watcher of {@code p} once. Caller holds the lock. */
    private void tellWatchers(ProcessObject p) {
        for (ProcessObject.DeathWatch w : p.watchers()) {
            w.notification().signal(w.bits());
            w.notification().release();
        }
        p.watchers().clear();
    }

    /**
     * Keeps the most recent {@value #KEPT_EXITED} exited processes for introspection and forgets older ones, so
     * a system that restarts services for weeks does not grow its process table. Caller holds the lock.
     */
    private void forgetOldExited() {
        List<ProcessObject> exited = processes.values().stream().filter(x -> !x.isAlive() && x.watchers().isEmpty())
            .sorted(Comparator.comparingInt(ProcessObject::id)).toList();
        for (int i = 0; i < exited.size() - KEPT_EXITED; i++) processes.remove(exited.get(i).id());
    }

    /** Closes a channel with a reason and tells the other end (not {@code closer}). Caller holds the lock. */
    void closeChannel(ChannelObject ch, Status reason, ProcessObject closer) {
        if (!ch.close(reason)) return;
        ProcessObject peer = ch.peerOf(closer);
        if (!peer.isAlive()) return;
        for (int h : peer.table().handlesOf(ch)) {
            peer.post(ControlCodec.encodeEvent(new KernelEvent.ChannelClosed(h, reason)));
        }
    }

    /** Drops one holder's capability. Caller holds the lock; the handle is already out of the table. */
    void release(ProcessObject holder, Capability cap) {
        switch (cap.object()) {
            case ChannelObject ch -> {
                closeChannel(ch, ch.sharedState().isOk() ? Status.CHANNEL_CLOSED : ch.sharedState(), holder);
                if (ch.release()) channels.remove(ch.id());
            }
            case EndpointObject e -> {
                if (Rights.includes(cap.rights(), Rights.SERVE)) {
                    if (e.server() == holder) {
                        for (ChannelObject ch : List.copyOf(e.channels())) closeChannel(ch, Status.PEER_DIED, holder);
                        e.serverGone();
                    }
                    if (e.dropServeHolder() == 0) e.kill();
                }
            }
            case NotificationObject n -> n.release();
            case DataspaceObject d -> destroyView(d);
            case ProcessObject other -> { }
            case DeviceObject d -> { }
        }
    }

    /** A new child view of {@code parent}, registered; the caller inserts it in the receiver's table and binds it. */
    DataspaceObject deriveView(DataspaceObject parent, long offset, long length, int rights) {
        DataspaceObject child = parent.derive(nextId(), offset, length, rights);
        dataspaces.put(child.id(), child);
        return child;
    }

    /** Registers a newly allocated root view. */
    void addDataspace(DataspaceObject root) { dataspaces.put(root.id(), root); }

    /**
     * Destroys every view derived from {@code view}, wherever it is held: out of the holder's table, with a
     * CapabilityRevoked event, and out of every device's IOMMU. Caller holds the lock.
     */
    void revokeChildren(DataspaceObject view) {
        for (DataspaceObject child : List.copyOf(view.children())) {
            ProcessObject holder = child.holder();
            if (holder != null && holder.table().remove(child.handle()) != null) {
                holder.names().removeIf(n -> n.handle() == child.handle());
                holder.post(ControlCodec.encodeEvent(new KernelEvent.CapabilityRevoked(child.handle())));
            }
            destroyView(child);
        }
    }

    /** Destroys a view whose capability is already out of its table, and everything derived from it. */
    private void destroyView(DataspaceObject view) {
        if (!view.isAlive()) return;
        revokeChildren(view);
        for (DeviceObject d : devices) d.unmapView(view);
        dataspaces.remove(view.id());
        long freed = view.destroy();
        if (freed > 0) view.memory().owner().uncharge(freed);
    }

    List<DeviceObject> devicesLocked() { return devices; }

    void addChannel(ChannelObject ch) { channels.put(ch.id(), ch); }

    int nextId() { return nextId++; }

    ProcessObject byPid(int pid) {
        for (ProcessObject p : processes.values()) if (p.pid() == pid) return p;
        return null;
    }

    List<ProcessInfo> processInfosLocked() {
        return processes.values().stream().sorted(Comparator.comparingInt(ProcessObject::pid)).map(Kernel::info).toList();
    }

    List<DataspaceInfo> dataspaceInfosLocked() {
        return dataspaces.values().stream().sorted(Comparator.comparingInt(DataspaceObject::id)).map(d -> new DataspaceInfo(
            d.memory().id(), d.memory().owner().pid(), d.holder() == null ? 0 : d.holder().pid(), d.offset(), d.length(),
            d.rights(), d.children().size(), devices.stream().mapToInt(x -> x.mappingsOf(d)).sum())).toList();
    }

    List<ChannelInfo> channelInfosLocked() {
        return channels.values().stream().sorted(Comparator.comparingInt(ChannelObject::id)).map(Kernel::info).toList();
    }

    /** A process's row as the kernel knows it; threads and memory, which the host knows, are filled in later. */
    private static ProcessInfo info(ProcessObject p) {
        return new ProcessInfo(p.pid(), p.name(), p.state().name().toLowerCase(java.util.Locale.ROOT), 0, 0, p.startedMillis(),
            p.table().size(), p.privileges(), Math.min(p.exitCode(), 255), p.memoryQuota(), p.memoryUsed(), p.dataspaces());
    }

    /**
     * The rows with threads and resident memory read from the host (/proc) for the processes that run. Called
     * without the kernel lock: reading /proc for every process must not hold up every other kernel call.
     */
    static List<ProcessInfo> withHostFigures(List<ProcessInfo> rows) {
        return rows.stream().map(i -> i.state().equals("exited") ? i : new ProcessInfo(i.pid(), i.name(), i.state(),
            ProcFs.threads(i.pid()), ProcFs.rssKiB(i.pid()), i.startedMillis(), i.handles(), i.privileges(), i.exitCode(),
            i.memoryQuota(), i.memoryUsed(), i.dataspaces())).toList();
    }

    private static ChannelInfo info(ChannelObject c) {
        Status s = c.sharedState();
        String state = s.isOk() ? "open" : s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        boolean mapped = !c.isFreed();
        return new ChannelInfo(c.id(), c.endpoint().name(), c.client().pid(), c.server().pid(), c.badge(),
            state.length() > 16 ? state.substring(0, 16) : state, mapped ? c.requests() : 0, mapped ? c.replies() : 0);
    }

    private void deleteRunDir() {
        try (var files = Files.walk(config.runDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("kernel: could not remove " + config.runDir() + ": " + e.getMessage());
        }
    }
}
