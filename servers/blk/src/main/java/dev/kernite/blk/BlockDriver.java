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
    private static final int IDLE_SPINS = 2000;
    private static final Duration INTERRUPT_WAIT = Duration.ofMillis(2);

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
        int idle = 0;
        while (true) {
            boolean progress = completeAll();
            Status s = disk.inFlight() == 0 ? server.receive(m) : server.receive(m, Duration.ZERO);
            if (s == Status.OK) {
                handle(m);
                idle = 0;
            } else if (s != Status.TIMED_OUT && s != Status.WOULD_BLOCK) {
                System.err.println("blk: receive: " + s);
            } else if (!progress && ++idle > IDLE_SPINS) {
                disk.awaitInterrupt(INTERRUPT_WAIT);
            } else {
                Thread.onSpinWait();
            }
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

    private void attach(Message m, BlockProtocol.Attach a) {
        Result<Sessions.Session> s = sessions.attach(server.channelOf(m), a.dataspace());
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
