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
import dev.kernite.runtime.blk.BlockProtocol;
import dev.kernite.runtime.blk.BlockProtocol.Request;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The block driver's main loop: receive a request, check it, hand it to the device, and answer when the device
 * has finished. One thread does all of it — while requests are in flight it polls both the request rings and
 * the device's used ring (spinning briefly, then sleeping on the interrupt), and while none are it sleeps in
 * receive. Replies to device requests are deferred until completion.
 *
 * <p>Environment: the device capability (the first DEVICE the manifest granted, e.g. {@code blk0}) and the
 * endpoint {@code blk}. Protocol: {@link BlockProtocol}.
 */
public final class BlockDriver {
    /**
     * With requests in flight and nothing to do: spin this long, then yield, then sleep on the interrupt. Zero for
     * now — measured on 2 cores, a driver that spins or yields takes the core the device thread needs (random
     * 4 KiB reads 44 µs at p50 with a 20 µs spin, 6 µs sleeping at once).
     */
    private static final long SPIN_NANOS = 0, YIELD_NANOS = 0;
    private static final Duration INTERRUPT_WAIT = Duration.ofMillis(2);
    private static final Duration ATTACH_POLL = Duration.ofMillis(1);

    private final Server server;
    private final Disk disk;
    private final Sessions sessions;
    private final ArrayDeque<Message> spare = new ArrayDeque<>();
    private long reads, writes, flushes, bytesRead, bytesWritten, errors;

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
        System.err.println("blk: " + cap.name() + " up, " + disk.capacitySectors() * BlockProtocol.SECTOR / (1 << 20) + " MiB"
            + (disk.readOnly() ? ", read-only" : "") + ", " + disk.resets + " reset(s)");
        new BlockDriver(server, disk, new Sessions(env, device, server)).run();
    }

    private void run() {
        Message m = new Message();
        long idleSince = 0;
        while (true) {
            boolean progress = completeAll() | (!waiting.isEmpty() && retryAttaches());
            Status s = disk.inFlight() > 0 ? server.receive(m, Duration.ZERO)
                : waiting.isEmpty() ? server.receive(m) : server.receive(m, ATTACH_POLL);
            if (s == Status.OK) {
                handle(m);
                progress = true;
            } else if (s != Status.TIMED_OUT && s != Status.WOULD_BLOCK) {
                System.err.println("blk: receive: " + s);
            }
            if (progress) {
                idleSince = 0;
                continue;
            }
            long now = System.nanoTime();
            if (idleSince == 0) idleSince = now;
            long idle = now - idleSince;
            if (idle < SPIN_NANOS) Thread.onSpinWait();
            else if (idle < YIELD_NANOS) Thread.yield();
            else disk.awaitInterrupt(INTERRUPT_WAIT);
        }
    }

    /** Answers every request the device has finished; true when there was one. */
    private boolean completeAll() {
        boolean any = false;
        for (Disk.Done d = disk.poll(); d != null; d = disk.poll()) {
            any = true;
            Disk.Pending p = d.request();

            if (d.status() != Status.OK) errors++;
            else if (p.type() == T_IN) { reads++; bytesRead += p.bytes(); }
            else if (p.type() == T_OUT) { writes++; bytesWritten += p.bytes(); }
            else flushes++;
            answer(p.reply(), d.status());
            spare.push(p.reply());
        }
        return any;
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
            case BlockProtocol.Info i -> server.reply(new BlockProtocol.DiskInfo(disk.name(), disk.capacitySectors(), disk.readOnly(),
                disk.maxTransfer()).encode(m.clear()));
            case BlockProtocol.StatsRequest q -> server.reply(new BlockProtocol.Stats(reads, writes, flushes, bytesRead, bytesWritten,
                errors, disk.resets, disk.inFlight(), sessions.count()).encode(m.clear()));
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
            Message held = spare.isEmpty() ? new Message() : spare.pop();
            waiting.add(new WaitingAttach(held.clear().takeReplyToken(m), channel, a.dataspace(), System.nanoTime() + ARRIVAL_WAIT));
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
            spare.push(w.reply());
            any = true;
        }
        return any;
    }

    private void answerAttach(Message m, Result<Sessions.Session> s) {
        if (!s.ok()) {
            answer(m, s.status());
            return;
        }
        m.clear().setLabel(Status.OK.code()).setLength(8).putLong(0, s.value().size());
        server.reply(m);
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
        while (!disk.hasRoom()) {
            if (!completeAll()) disk.awaitInterrupt(INTERRUPT_WAIT);
        }
        Message held = spare.isEmpty() ? new Message() : spare.pop();
        held.clear().takeReplyToken(m);
        disk.submit(new Disk.Pending(held, type, sector, dataIova, bytes, -1));
    }

    private void answer(Message m, Status s) {
        m.clear().setLabel(s.code());
        server.reply(m);
    }
}
