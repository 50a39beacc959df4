package dev.kernite.blk;

import static dev.kernite.abi.device.BlkRequestLayout.T_FLUSH;
import static dev.kernite.abi.device.BlkRequestLayout.T_IN;
import static dev.kernite.abi.device.BlkRequestLayout.T_OUT;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.ReplyBody.NamedCap;
import dev.kernite.runtime.Device;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.device.HotSpell;
import dev.kernite.runtime.WaitMode;
import dev.kernite.runtime.blk.BlockProtocol;
import dev.kernite.runtime.blk.BlockProtocol.Request;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The block driver: a request thread and an interrupt thread. The request thread receives a request, checks it
 * and hands it to the device; while requests keep coming it also polls the used ring and answers completions
 * itself, with the device's interrupts off (as Linux's NAPI and blk-mq polling do). When it has been idle a
 * millisecond it sleeps in {@code receive} and the interrupt thread, asleep on the device's interrupt, answers
 * completions instead. So a busy driver makes no futex call per request and a quiet one burns no core.
 *
 * <p>Environment: the device capability (the first DEVICE the manifest granted, e.g. {@code blk0}) and the
 * endpoint {@code blk}. Protocol: {@link BlockProtocol}.
 *
 * <p>Locking: {@link #lock} guards the {@link Disk} (the queue is shared by both threads), the spare messages
 * and the counters; it is never held while waiting for the device or a client. Both threads reply, so replies go
 * out through {@link Server#replyFromAnyThread}, one at a time. The sessions and the waiting ATTACHes belong to the
 * request thread.
 */
public final class BlockDriver {
    private static final Duration INTERRUPT_WAIT = Duration.ofMillis(20);
    /** How long the request thread keeps polling after its last piece of work before it sleeps ({@link HotSpell}). */
    private static final long HOT_NANOS = 1_000_000;
    private static final Duration ATTACH_POLL = Duration.ofMillis(1);

    private final Server server;
    private final Disk disk;
    private final Sessions sessions;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Message> spare = new ArrayDeque<>();               // guarded by lock
    private final List<Disk.Done> reaped = new ArrayList<>();                   // the request thread's
    private long reads, writes, flushes, bytesRead, bytesWritten, errors;       // guarded by lock

    private BlockDriver(Server server, Disk disk, Sessions sessions) {
        this.server = server;
        this.disk = disk;
        this.sessions = sessions;
    }

    public static void main(String[] args) {
        Env env = Env.connect();
        NamedCap cap = env.capabilities().stream().filter(c -> c.type() == CapType.DEVICE).findFirst()
            .orElseThrow(() -> new IllegalStateException("blk: no device capability; give one with 'devices = blk0' in the manifest"));
        Device device = env.openDevice(cap.handle()).orElseThrow();
        Disk disk = Disk.open(env, cap.name(), device).orElseThrow();
        Server server = env.serve("blk").orElseThrow();
        server.setWaitMode(WaitMode.YIELD); // a spinning receive holds a core the device and the clients need
        System.err.println("blk: " + cap.name() + " up, " + disk.capacitySectors() * BlockProtocol.SECTOR / (1 << 20) + " MiB"
            + (disk.readOnly() ? ", read-only" : "") + ", " + disk.resets + " reset(s)");
        BlockDriver driver = new BlockDriver(server, disk, new Sessions(env, device, server));
        Thread.ofPlatform().daemon().name("blk-interrupts").start(() -> {
            try {
                driver.interrupts();
            } catch (RuntimeException | Error e) {
                // A device that will not come back after a reset, or a bug: exit, and rs starts a fresh driver.
                System.err.println("blk: " + e.getMessage() + "; exiting");
                e.printStackTrace();
                System.exit(1);
            }
        });
        driver.requests();
    }

    /**
     * The request thread: receive, check, submit (or answer at once). While work keeps coming it stays hot for
     * {@link #HOT_NANOS} ({@link HotSpell}): it polls its endpoint and the used ring in turn and answers
     * completions itself with the device's interrupts off — one hand-off fewer per request than waking the
     * interrupt thread, which answers completions while the request thread sleeps in {@code receive}.
     */
    private void requests() {
        Message m = new Message();
        HotSpell spell = new HotSpell(HOT_NANOS, () -> reap(reaped), this::setPolling);
        long lastRetry = 0;
        while (true) {
            long now = System.nanoTime();
            if (!waiting.isEmpty() && now - lastRetry >= ATTACH_POLL.toNanos()) {
                retryAttaches();
                lastRetry = now;
            }
            boolean hot = spell.hot();
            Status s = hot ? server.receive(m, Duration.ZERO) : waiting.isEmpty() ? server.receive(m) : server.receive(m, ATTACH_POLL);
            if (s == Status.OK) {
                spell.working();
                handle(m);
            } else if (s != Status.TIMED_OUT && s != Status.WOULD_BLOCK) {
                System.err.println("blk: receive: " + s);
            } else if (hot) {
                spell.idle();
            }
        }
    }

    /** The interrupt thread: answer what the device finished while the request thread was not polling; else sleep. */
    private void interrupts() {
        List<Disk.Done> done = new ArrayList<>();
        while (true) {
            if (reap(done) == 0) disk.awaitInterrupt(INTERRUPT_WAIT);
        }
    }

    /** Switches the device's interrupts off while the request thread polls the used ring, and on again after. */
    private void setPolling(boolean polling) {
        lock.lock();
        try {
            disk.suppressInterrupts(polling);
        } finally {
            lock.unlock();
        }
    }

    /** Takes every request the device finished and answers it; how many. Either thread. */
    private int reap(List<Disk.Done> done) {
        lock.lock();
        try {
            for (Disk.Done d = disk.poll(); d != null; d = disk.poll()) {
                done.add(d);
                count(d);
            }
            if (done.isEmpty()) return 0;
        } finally {
            lock.unlock();
        }
        for (Disk.Done d : done) answer(d.request().reply(), d.status());
        int n = done.size();
        lock.lock();
        try {
            for (Disk.Done d : done) spare.push(d.request().reply());
        } finally {
            lock.unlock();
        }
        done.clear();
        return n;
    }

    /** Counts a finished request. Caller holds the lock. */
    private void count(Disk.Done d) {
        Disk.Pending p = d.request();
        if (d.status() != Status.OK) errors++;
        else if (p.type() == T_IN) { reads++; bytesRead += p.bytes(); }
        else if (p.type() == T_OUT) { writes++; bytesWritten += p.bytes(); }
        else flushes++;
    }

    private void handle(Message m) {
        Result<Request> r = BlockProtocol.decode(m);
        if (!r.ok()) {
            answer(m, r.status());
            return;
        }
        switch (r.value()) {
            case BlockProtocol.Attach a -> attach(m, a);
            case BlockProtocol.Transfer t -> transfer(m, t);
            case BlockProtocol.Flush f -> submit(m, T_FLUSH, 0, 0, 0);
            case BlockProtocol.Info i -> server.replyFromAnyThread(new BlockProtocol.DiskInfo(disk.name(), disk.capacitySectors(), disk.readOnly(),
                disk.maxTransfer()).encode(m.clear()));
            case BlockProtocol.StatsRequest q -> server.replyFromAnyThread(stats().encode(m.clear()));
        }
    }

    /**
     * An ATTACH whose capability has not arrived yet: the kernel's news of the grant travels on the control
     * socket and may come after the request on the ring. It waits (without holding up other clients) until
     * {@link #ARRIVAL_WAIT} has passed.
     */
    private record WaitingAttach(Message reply, int channel, int handle, long deadline) { }

    private static final long ARRIVAL_WAIT = 1_000_000_000L;
    private final List<WaitingAttach> waiting = new ArrayList<>();

    private void attach(Message m, BlockProtocol.Attach a) {
        int channel = server.channelOf(m);
        Result<Sessions.Session> s = sessions.attach(channel, a.dataspace());
        if (s.status() == Status.INVALID_HANDLE && waiting.size() < Sessions.MAX) {
            waiting.add(new WaitingAttach(new Message().takeReplyToken(m), channel, a.dataspace(), System.nanoTime() + ARRIVAL_WAIT));
            return;
        }
        answerAttach(m, s);
    }

    /** Tries the waiting ATTACHes again; true when one was answered. */
    private boolean retryAttaches() {
        boolean any = false;
        for (var it = waiting.iterator(); it.hasNext(); ) {
            WaitingAttach w = it.next();
            Result<Sessions.Session> s = sessions.attach(w.channel(), w.handle());
            if (s.status() == Status.INVALID_HANDLE && System.nanoTime() - w.deadline() < 0) continue;
            it.remove();
            answerAttach(w.reply(), s);
            any = true;
        }
        return any;
    }

    private void answerAttach(Message m, Result<Sessions.Session> s) {
        if (!s.ok()) {
            answer(m, s.status());
            return;
        }
        server.replyFromAnyThread(m.clear().setLabel(Status.OK.code()).setLength(8).putLong(0, s.value().size()));
    }

    private void transfer(Message m, BlockProtocol.Transfer t) {
        Sessions.Session s = sessions.of(server.channelOf(m));
        if (s == null) { answer(m, Status.BAD_STATE); return; }
        if (t.write() && disk.readOnly()) { answer(m, Status.ACCESS_DENIED); return; }
        long bytes = t.bytes();
        boolean fits = t.sector() <= disk.capacitySectors() && t.count() <= disk.capacitySectors() - t.sector()
            && bytes <= disk.maxTransfer() && t.offset() <= s.size() && bytes <= s.size() - t.offset();
        if (!fits) { answer(m, Status.INVALID_ARGUMENT); return; }
        submit(m, t.write() ? T_OUT : T_IN, t.sector(), s.iova() + t.offset(), (int) bytes);
    }

    /**
     * Hands a request to the device; its reply waits (on a message of its own) until the device is done. With the
     * queue full it answers completions itself until there is room (the interrupt thread may be asleep: interrupts
     * are off while this thread polls).
     */
    private void submit(Message m, int type, long sector, long dataIova, int bytes) {
        while (true) {
            lock.lock();
            try {
                if (disk.hasRoom()) {
                    Message held = spare.isEmpty() ? new Message() : spare.pop();
                    held.clear().takeReplyToken(m);
                    disk.submit(new Disk.Pending(held, type, sector, dataIova, bytes, -1));
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (reap(reaped) == 0) Thread.yield();
        }
    }

    private BlockProtocol.Stats stats() {
        lock.lock();
        try {
            return new BlockProtocol.Stats(reads, writes, flushes, bytesRead, bytesWritten, errors, disk.resets, disk.inFlight(),
                sessions.count());
        } finally {
            lock.unlock();
        }
    }

    private void answer(Message m, Status s) {
        server.replyFromAnyThread(m.clear().setLabel(s.code()));
    }
}
