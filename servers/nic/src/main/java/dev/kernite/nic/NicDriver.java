package dev.kernite.nic;

import static dev.kernite.abi.device.NetLayout.ETH_HEADER;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.ReplyBody.NamedCap;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Device;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.WaitMode;
import dev.kernite.runtime.device.HotSpell;
import dev.kernite.runtime.net.NicProtocol;
import dev.kernite.runtime.net.NicProtocol.Request;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The network interface driver: a request thread and an interrupt thread. The request thread receives a request,
 * checks it and carries it out at once: SEND copies the frames into transmit slots and rings the device; RECV
 * copies waiting frames into the client's buffer, or, with none waiting, parks the request. While requests keep
 * coming the request thread stays hot for {@link #HOT_NANOS} ({@link HotSpell}): it polls its endpoint and the
 * receive ring in turn and answers parked RECVs itself with the device's receive interrupts off — one sleeping
 * thread fewer for every frame than waking the interrupt thread (the blk driver does the same). The interrupt
 * thread sleeps on the device's interrupt (raised for received frames only) and answers parked RECVs, or lets them
 * time out. Both copy frames themselves: one copy each way, between a client's buffer and the device's DMA buffers.
 *
 * <p>Environment: the device capability (the first DEVICE the manifest granted, {@code net0}) and the endpoint
 * ({@code nic}, or the one named by {@code --endpoint NAME}). Protocol: {@link NicProtocol}.
 *
 * <p>Locking: {@link #lock} guards the {@link Nic}, the sessions, the parked RECVs and the counters; both threads
 * reply, so replies go out through {@link Server#replyFromAnyThread}, never under {@link #lock} held for long — a
 * reply is a ring write, it does not wait for the client.
 */
public final class NicDriver {
    private static final Duration INTERRUPT_WAIT = Duration.ofMillis(5);
    private static final long HOT_NANOS = 1_000_000;
    private static final long ARRIVAL_WAIT_NANOS = 1_000_000_000L;

    /** A client's buffer (per channel), mapped into the driver. */
    private record Session(int channel, Dataspace buffer) { }

    /** A RECV waiting for a frame. */
    private record Parked(Message reply, Session session, NicProtocol.Recv request, long deadline) { }

    private final Env env;
    private final Server server;
    private final Nic nic;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, Session> sessions = new HashMap<>();   // by channel; guarded by lock
    private final Map<Integer, Parked> parked = new HashMap<>();      // by channel; guarded by lock
    private long rxFrames, rxBytes, txFrames, txBytes, rxTooBig, rxBadLength, txQueueFull, txRejected; // guarded by lock

    private NicDriver(Env env, Server server, Nic nic) {
        this.env = env;
        this.server = server;
        this.nic = nic;
    }

    public static void main(String[] args) {
        String endpoint = args.length == 2 && args[0].equals("--endpoint") ? args[1] : "nic";
        Env env = Env.connect();
        Optional<NamedCap> cap = env.capabilities().stream().filter(c -> c.type() == CapType.DEVICE).findFirst();
        if (cap.isEmpty()) {
            System.err.println("nic: no network device was granted (the machine has none: boot with --net tap); exiting");
            System.exit(0);
        }
        Device device = env.openDevice(cap.get().handle()).orElseThrow();
        Nic nic = Nic.open(env, cap.get().name(), device).orElseThrow();
        Server server = env.serve(endpoint).orElseThrow();
        System.err.println("nic: " + cap.get().name() + " up, MAC " + java.util.HexFormat.ofDelimiter(":").formatHex(nic.config().mac())
            + ", MTU " + nic.mtu() + ", link " + (nic.config().linkUp() ? "up" : "down") + ", serving '" + endpoint + "'");
        server.setWaitMode(WaitMode.YIELD); // a spinning receive holds a core the device and the netstack need
        NicDriver driver = new NicDriver(env, server, nic);
        Thread.ofPlatform().daemon().name("nic-interrupts").start(() -> {
            try {
                driver.interrupts();
            } catch (RuntimeException | Error e) { // a device that will not come back, or a bug: rs starts a fresh driver
                System.err.println("nic: " + e.getMessage() + "; exiting");
                e.printStackTrace();
                System.exit(1);
            }
        });
        driver.requests();
    }

    /** The request thread: receive, decode, dispatch; hot while work keeps coming ({@link HotSpell}). */
    private void requests() {
        Message m = new Message();
        HotSpell spell = new HotSpell(HOT_NANOS, () -> answerParked(false), this::setPolling);
        while (true) {
            boolean hot = spell.hot();
            Status s = hot ? server.receive(m, Duration.ZERO) : server.receive(m);
            if (s == Status.OK) {
                spell.working();
                dispatch(m);
            } else if (s != Status.TIMED_OUT && s != Status.WOULD_BLOCK) {
                System.err.println("nic: receive: " + s);
            } else if (hot) {
                spell.idle();
            }
        }
    }

    private void dispatch(Message m) {
        Result<Request> r = NicProtocol.decode(m);
        if (!r.ok()) {
            answer(m, r.status());
            return;
        }
        switch (r.value()) {
            case NicProtocol.Attach a -> attach(m, a.dataspace());
            case NicProtocol.Send send -> send(m, send);
            case NicProtocol.Recv recv -> recv(m, recv);
            case NicProtocol.InfoRequest i -> server.replyFromAnyThread(info().encode(m));
            case NicProtocol.StatsRequest q -> server.replyFromAnyThread(stats().encode(m));
        }
    }

    /** The interrupt thread: answers parked RECVs when frames come, and those whose wait is over. */
    private void interrupts() {
        while (true) {
            nic.awaitInterrupt(INTERRUPT_WAIT);
            answerParked(true);
        }
    }

    /**
     * Answers the parked RECVs that frames came for (and, with {@code expire}, those whose wait is over or whose
     * client went away, and a device that needs a reset is reset first); returns how many RECVs got frames.
     * Either thread.
     */
    private int answerParked(boolean expire) {
        int answered = 0;
        lock.lock();
        try {
            if (expire && nic.needsRecovery()) nic.recover();
            if (parked.isEmpty()) return 0;
            long now = System.nanoTime();
            for (Iterator<Parked> it = parked.values().iterator(); it.hasNext(); ) {
                Parked p = it.next();
                Message reply = p.reply();
                int n = fill(reply, p.session(), p.request());
                if (n != 0 || expire && (now - p.deadline() >= 0 || !server.isConnected(p.session().channel()))) {
                    it.remove();
                    server.replyFromAnyThread(reply);
                    if (n > 0) answered++;
                }
            }
        } finally {
            lock.unlock();
        }
        return answered;
    }

    /** Switches the device's receive interrupts off while the request thread polls, and on again after. */
    private void setPolling(boolean polling) {
        lock.lock();
        try {
            nic.pollReceives(polling);
        } finally {
            lock.unlock();
        }
    }

    /** ATTACH: the capability's arrival may trail the request (it travels on the control socket): wait for it. */
    private void attach(Message m, int handle) {
        int channel = server.channelOf(m);
        long deadline = System.nanoTime() + ARRIVAL_WAIT_NANOS;
        var arrival = env.arrival(handle);
        while ((arrival.isEmpty() || arrival.get().via() != channel) && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
            Thread.yield();
            arrival = env.arrival(handle);
        }
        if (arrival.isEmpty() || arrival.get().via() != channel) { answer(m, Status.INVALID_HANDLE); return; }
        if (arrival.get().type() != CapType.DATASPACE) { answer(m, Status.WRONG_TYPE); return; }
        if (!Rights.includes(arrival.get().rights(), Rights.READ | Rights.WRITE)) { answer(m, Status.ACCESS_DENIED); return; }
        Result<Dataspace> d = env.mapDataspace(handle);
        if (!d.ok()) { answer(m, d.status()); return; }
        lock.lock();
        try {
            sweep();
            Session old = sessions.put(channel, new Session(channel, d.value()));
            if (old != null) old.buffer().close();
        } finally {
            lock.unlock();
        }
        server.replyFromAnyThread(m.clear().setLabel(Status.OK.code()).setLength(8).putLong(0, d.value().size()));
    }

    /** Drops the sessions of clients that went away. Caller holds the lock. */
    private void sweep() {
        sessions.values().removeIf(s -> {
            boolean gone = !server.isConnected(s.channel()) || s.buffer().isClosed();
            if (gone) s.buffer().close();
            return gone;
        });
    }

    private void send(Message m, NicProtocol.Send send) {
        int taken = 0;
        Status s = Status.OK;
        lock.lock();
        try {
            Session session = sessions.get(server.channelOf(m));
            if (session == null) s = Status.BAD_STATE;
            else {
                MemorySegment buf = session.buffer().segment();
                int n = send.count(), max = nic.maxFrameBytes();
                for (; taken < n; taken++) {
                    int off = send.offset(taken), len = send.length(taken);
                    if (off < 0 || len < ETH_HEADER || len > max || off > buf.byteSize() - len) {
                        txRejected++;
                        s = Status.INVALID_ARGUMENT;
                        break;
                    }
                    if (!nic.transmit(buf.asSlice(off, len))) {
                        txQueueFull += n - taken;
                        break;
                    }
                    txFrames++;
                    txBytes += len;
                }
                nic.flush();
            }
        } catch (IllegalStateException e) { // the client's buffer was revoked under us
            s = Status.BAD_STATE;
        } finally {
            lock.unlock();
        }
        if (s != Status.OK && taken == 0) answer(m, s);
        else server.replyFromAnyThread(m.clear().setLabel(Status.OK.code()).setLength(4).putInt(0, taken));
    }

    private void recv(Message m, NicProtocol.Recv r) {
        lock.lock();
        try {
            int channel = server.channelOf(m);
            Session session = sessions.get(channel);
            if (session == null || (long) r.offset() + r.bytes() > session.buffer().size()) {
                answer(m, session == null ? Status.BAD_STATE : Status.INVALID_ARGUMENT);
                return;
            }
            if (fill(m, session, r) != 0 || r.waitMillis() == 0) {
                server.replyFromAnyThread(m);
                return;
            }
            Parked old = parked.put(channel, new Parked(new Message().takeReplyToken(m), session, r,
                System.nanoTime() + r.waitMillis() * 1_000_000L));
            if (old != null) server.replyFromAnyThread(old.reply()); // a newer RECV on the channel: the older one ends empty
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies waiting frames into the session's region and writes the reply's list into {@code m}; returns how many.
     * Caller holds the lock.
     */
    private int fill(Message m, Session session, NicProtocol.Recv r) {
        MemorySegment region;
        try {
            region = session.buffer().segment().asSlice(r.offset(), r.bytes());
        } catch (IllegalStateException e) {
            m.clear().setLabel(Status.BAD_STATE.code());
            return -1;
        }
        int count = 0;
        long at = 0;
        m.clear();
        // Take a frame only while one of any size fits, so a frame taken off the ring is never left unused.
        while (count < r.max() && (count == 0 || region.byteSize() - at >= nic.maxFrameBytes())) {
            Nic.Frame f = nic.receive();
            if (f == null) break;
            long len = f.data().byteSize();
            if (len < ETH_HEADER) rxBadLength++;
            else if (len > region.byteSize() - at) rxTooBig++;
            else {
                MemorySegment.copy(f.data(), 0, region, at, len);
                m.putInt(4 + 8 * count, (int) (r.offset() + at)).putInt(8 + 8 * count, (int) len);
                at += len;
                count++;
                rxFrames++;
                rxBytes += len;
            }
            nic.repost(f.slot());
        }
        nic.flush();
        m.setLabel(Status.OK.code()).setLength(4 + 8 * count).putInt(0, count);
        return count;
    }

    private NicProtocol.Info info() {
        var c = nic.config();
        return new NicProtocol.Info(nic.name(), c.mac(), nic.mtu(), c.linkUp(), c.address(), c.prefix(), c.hostAddress(), c.hostPrefix());
    }

    private NicProtocol.Stats stats() {
        lock.lock();
        try {
            sweep();
            return new NicProtocol.Stats(rxFrames, rxBytes, txFrames, txBytes, rxTooBig, rxBadLength, txQueueFull, txRejected,
                nic.resets, sessions.size());
        } finally {
            lock.unlock();
        }
    }

    private void answer(Message m, Status s) {
        server.replyFromAnyThread(m.clear().setLabel(s.code()));
    }
}
