package dev.kernite.runtime.net;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.ServiceClient;
import dev.kernite.runtime.WaitMode;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * A client of a network interface driver found by name ({@code nic}): the future network stack's link to the
 * wire. It has two channels, each with a buffer dataspace granted to the driver — one to send from, one to
 * receive into — so a thread may wait in {@link #receive} while another sends. Frames are batched: one message
 * carries up to {@link NicProtocol#MAX_BATCH} frames each way, and the driver copies each frame once.
 *
 * <p>Use: write frames into {@link #txBuffer()}, list them in a {@link FrameList} and {@link #send} it (frames it
 * did not take found the queue full: send them again); {@link #receive} fills {@link #rxBuffer()} and lists what
 * came. It survives restarts of the driver: each channel re-grants and re-attaches its buffer; a RECV in flight is
 * asked again, a SEND the dead driver had taken is not resent ({@code RETRY_UNSAFE}: the frames may be lost, as on
 * any Ethernet).
 *
 * <p>Thread safety: thread-safe; sends are serialised among themselves, receives likewise, and the two run in
 * parallel.
 */
public final class NicClient implements AutoCloseable {
    private final ServiceClient tx, rx;
    private final Dataspace txBuffer, rxBuffer;
    private final Message txRequest = new Message(), txReply = new Message();
    private final Message rxRequest = new Message(), rxReply = new Message();
    private final Message ctlRequest = new Message(), ctlReply = new Message();

    private NicClient(ServiceClient tx, ServiceClient rx, Dataspace txBuffer, Dataspace rxBuffer) {
        this.tx = tx;
        this.rx = rx;
        this.txBuffer = txBuffer;
        this.rxBuffer = rxBuffer;
    }

    /**
     * Allocates two buffers of {@code bufferBytes} each (charged to this process) and connects both channels to the
     * driver named {@code service}, waiting up to {@code deadline} for it.
     */
    public static Result<NicClient> connect(Env env, String service, long bufferBytes, Duration deadline) {
        Result<Dataspace> t = env.allocate(bufferBytes);
        if (!t.ok()) return Result.error(t.status());
        Result<Dataspace> r = env.allocate(bufferBytes);
        if (!r.ok()) {
            t.value().close();
            return Result.error(r.status());
        }
        Result<ServiceClient> tc = channel(env, service, deadline, t.value());
        Result<ServiceClient> rc = tc.ok() ? channel(env, service, deadline, r.value()) : Result.error(tc.status());
        if (!rc.ok()) {
            if (tc.ok()) tc.value().close();
            t.value().close();
            r.value().close();
            return Result.error(rc.status());
        }
        return Result.ok(new NicClient(tc.value(), rc.value(), t.value(), r.value()));
    }

    private static Result<ServiceClient> channel(Env env, String service, Duration deadline, Dataspace buffer) {
        return ServiceClient.of(env, service, deadline, channel -> {
            channel.setWaitMode(WaitMode.YIELD);
            return attach(buffer, channel);
        });
    }

    /** Grants the buffer on a new channel and attaches it. */
    private static Status attach(Dataspace buffer, Client channel) {
        Result<Integer> granted = buffer.grant(0, buffer.size(), Rights.READ | Rights.WRITE, channel.handle());
        if (!granted.ok()) return granted.status() == Status.CHANNEL_CLOSED ? Status.PEER_DIED : granted.status();
        Message m = NicProtocol.attach(new Message(), granted.value());
        Status s = channel.call(m, m, Duration.ofSeconds(10));
        return s != Status.OK ? s : Status.fromCode(m.label());
    }

    /** Where frames to send are written. */
    public MemorySegment txBuffer() { return txBuffer.segment(); }

    /** Where received frames land. */
    public MemorySegment rxBuffer() { return rxBuffer.segment(); }

    /**
     * Sends the frames listed (offsets into {@link #txBuffer()}); returns how many the driver took, from the first.
     * The buffer may be reused at once. RETRY_UNSAFE: the driver died holding the batch, which may or may not
     * have gone out.
     */
    public Result<Integer> send(FrameList frames) {
        synchronized (tx) {
            Status s = tx.call(NicProtocol.send(txRequest, frames), txReply, false);
            if (s == Status.OK) s = Status.fromCode(txReply.label());
            if (s != Status.OK) return Result.error(s);
            int taken = txReply.length() == 4 ? txReply.getInt(0) : -1;
            return taken >= 0 && taken <= frames.count() ? Result.ok(taken) : Result.error(Status.PROTOCOL_ERROR);
        }
    }

    /**
     * Receives up to {@code into.capacity()} frames into {@link #rxBuffer()} (from its start), waiting up to
     * {@code wait} (at most a second) when none is there; {@code into} lists them (possibly none).
     */
    public Status receive(FrameList into, Duration wait) {
        synchronized (rx) {
            into.clear();
            int ms = (int) Math.min(NicProtocol.MAX_WAIT_MS, Math.max(0, wait.toMillis()));
            int bytes = (int) Math.min(Integer.MAX_VALUE, rxBuffer.size());
            Status s = rx.call(NicProtocol.recv(rxRequest, 0, bytes, into.capacity(), ms), rxReply, true);
            if (s == Status.OK) s = Status.fromCode(rxReply.label());
            return s != Status.OK ? s : NicProtocol.frames(rxReply, into, bytes);
        }
    }

    public Result<NicProtocol.Info> info() {
        synchronized (ctlRequest) {
            Status s = control(NicProtocol.INFO);
            return s == Status.OK ? NicProtocol.Info.decode(ctlReply) : Result.error(s);
        }
    }

    public Result<NicProtocol.Stats> stats() {
        synchronized (ctlRequest) {
            Status s = control(NicProtocol.STATS);
            return s == Status.OK ? NicProtocol.Stats.decode(ctlReply) : Result.error(s);
        }
    }

    /** INFO and STATS go over the sending channel (they are quick). */
    private Status control(int label) {
        synchronized (tx) {
            Status s = tx.call(ctlRequest.clear().setLabel(label), ctlReply, true);
            return s == Status.OK ? Status.fromCode(ctlReply.label()) : s;
        }
    }

    /** Requests sent again after the driver died (both channels). */
    public long retries() { return tx.retries() + rx.retries(); }

    /** Closes both channels and frees both buffers. */
    @Override
    public void close() {
        tx.close();
        rx.close();
        txBuffer.close();
        rxBuffer.close();
    }
}
