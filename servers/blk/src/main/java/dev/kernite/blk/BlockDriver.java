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
import dev.kernite.runtime.WaitMode;
import dev.kernite.runtime.blk.BlockProtocol;
import dev.kernite.runtime.blk.BlockProtocol.Request;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The block driver, as a classic driver is built: a request thread and an interrupt thread. The request thread
 * receives a request, checks it and hands it to the device; the interrupt thread sleeps on the device's
 * interrupt, takes what the device finished and answers it. Each sleeps on its own wake-up source, so neither
 * holds up the other and neither burns a core.
 *
 * <p>Environment: the device capability (the first DEVICE the manifest granted, e.g. {@code blk0}) and the
 * endpoint {@code blk}. Protocol: {@link BlockProtocol}.
 *
 * <p>Locking: {@link #lock} guards the {@link Disk} (the queue is shared by both threads), the spare messages
 * and the counters; it is never held while waiting for the device or a client. Replies go out under
 * {@link #replyLock}, one at a time, since a channel's reply ring takes one writer at a time. The sessions and
 * the waiting ATTACHes belong to the request thread.
 */
public final class BlockDriver {
    private static final Duration INTERRUPT_WAIT = Duration.ofMillis(20);
    /**
     * With requests in flight, the interrupt thread polls the used ring (yielding) this long before it sleeps. Zero:
     * measured on 2 cores, every thread that polls or spins while it waits holds a core the device thread or a
     * client needs (`bench blk`; the run-queue wait in /proc/PID/task/TID/schedstat showed it), and a futex wake
     * costs only microseconds here.
     */
    private static final long POLL_NANOS = 0;
    private static final Duration ATTACH_POLL = Duration.ofMillis(1);

    private final Server server;
    private final Disk disk;
    private final Sessions sessions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Object replyLock = new Object();
    private final ArrayDeque<Message> spare = new ArrayDeque<>();               // guarded by lock
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
        server.setWaitMode(WaitMode.SLEEP); // a spinning receive holds a core the device and the clients need
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

    /** The request thread: receive, check, submit (or answer at once). */
    private void requests() {
        Message m = new Message();
        while (true) {
            Status s = waiting.isEmpty() ? server.receive(m) : server.receive(m, ATTACH_POLL);
            if (!waiting.isEmpty()) retryAttaches();
            if (s == Status.OK) handle(m);
            else if (s != Status.TIMED_OUT && s != Status.WOULD_BLOCK) System.err.println("blk: receive: " + s);
        }
    }

    /** The interrupt thread: answer what the device finished; sleep on the interrupt when it has finished nothing. */
    private void interrupts() {
        java.util.List<Disk.Done> done = new java.util.ArrayList<>();
        long idleSince = 0;
        while (true) {
            lock.lock();
            try {
                for (Disk.Done d = disk.poll(); d != null; d = disk.poll()) {
                    done.add(d);
                    count(d);
                }
                if (!done.isEmpty()) room.signalAll();
            } finally {
                lock.unlock();
            }
            if (done.isEmpty()) {
                long now = System.nanoTime();
                if (idleSince == 0) idleSince = now;
                if (disk.inFlight() > 0 && now - idleSince < POLL_NANOS) Thread.yield();
                else disk.awaitInterrupt(INTERRUPT_WAIT);
                continue;
            }
            idleSince = 0;
            for (Disk.Done d : done) answer(d.request().reply(), d.status());
            lock.lock();
            try {
                for (Disk.Done d : done) spare.push(d.request().reply());
            } finally {
                lock.unlock();
            }
            done.clear();
        }
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
            case BlockProtocol.Info i -> reply(new BlockProtocol.DiskInfo(disk.name(), disk.capacitySectors(), disk.readOnly(),
                disk.maxTransfer()).encode(m.clear()));
            case BlockProtocol.StatsRequest q -> reply(stats().encode(m.clear()));
        }
    }

    /**
     * An ATTACH whose capability has not arrived yet: the kernel's news of the grant travels on the control
     * socket and may come after the request on the ring. It waits (without holding up other clients) until
     * {@link #ARRIVAL_WAIT} has passed.
     */
    private record WaitingAttach(Message reply, int channel, int handle, long deadline) { }

    private static final long ARRIVAL_WAIT = 1_000_000_000L;
    private final java.util.List<WaitingAttach> waiting = new java.util.ArrayList<>();

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
        reply(m.clear().setLabel(Status.OK.code()).setLength(8).putLong(0, s.value().size()));
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

    /** Hands a request to the device; its reply waits (on a message of its own) until the device is done. */
    private void submit(Message m, int type, long sector, long dataIova, int bytes) {
        lock.lock();
        try {
            while (!disk.hasRoom()) room.awaitUninterruptibly();
            Message held = spare.isEmpty() ? new Message() : spare.pop();
            held.clear().takeReplyToken(m);
            disk.submit(new Disk.Pending(held, type, sector, dataIova, bytes, -1));
        } finally {
            lock.unlock();
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

    private void reply(Message m) {
        synchronized (replyLock) {
            server.reply(m);
        }
    }

    private void answer(Message m, Status s) {
        reply(m.clear().setLabel(s.code()));
    }
}
