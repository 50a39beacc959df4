package dev.kernite.abi.control;

import dev.kernite.abi.Status;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Framing of the control protocol. Each message is one SOCK_SEQPACKET datagram of at most {@link #MAX_MESSAGE}
 * bytes; file descriptors travel beside it as SCM_RIGHTS.
 *
 * <pre>
 *  request:  op i32 (1..99)  │ seq i32 (≠ 0, chosen by the process)  │ body (see KernelRequest)
 *  reply:    op i32 = 200    │ seq i32 (the request's)               │ status i32 │ body if status = OK (see ReplyBody)
 *  event:    op i32 (101..)  │ seq i32 = 0                           │ body (see KernelEvent)
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class ControlCodec {
    public static final int MAX_MESSAGE = 64 * 1024;
    public static final int OP_REPLY = 200;
    public static final int MAX_FDS = 4;

    private ControlCodec() {}

    /** A decoded message from a process to the kernel. */
    public record Incoming(int seq, KernelRequest request) { }

    /** A decoded message from the kernel to a process: exactly one of reply (with status) and event is set. */
    public sealed interface Outgoing {
        record Reply(int seq, Status status, WireReader body) implements Outgoing { }
        record Event(KernelEvent event) implements Outgoing { }
    }

    public static ByteBuffer newBuffer() {
        return ByteBuffer.allocate(MAX_MESSAGE).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static ByteBuffer encodeRequest(int seq, KernelRequest req) {
        WireWriter w = new WireWriter(newBuffer()).i32(req.op()).i32(seq);
        KernelRequest.write(req, w);
        return w.buffer().flip();
    }

    public static ByteBuffer encodeReply(int seq, Status status, ReplyBody body) {
        WireWriter w = new WireWriter(newBuffer()).i32(OP_REPLY).i32(seq).i32(status.code());
        if (status.isOk()) ReplyBody.write(body, w);
        return w.buffer().flip();
    }

    public static ByteBuffer encodeEvent(KernelEvent ev) {
        WireWriter w = new WireWriter(newBuffer()).i32(ev.op()).i32(0);
        KernelEvent.write(ev, w);
        return w.buffer().flip();
    }

    /** Decodes a request as the kernel receives it. */
    public static Incoming decodeRequest(ByteBuffer datagram) throws MalformedMessageException {
        WireReader r = new WireReader(datagram);
        int op = r.i32(1, 99, "request op");
        int seq = r.i32();
        if (seq == 0) throw new MalformedMessageException("request sequence number 0");
        return new Incoming(seq, KernelRequest.read(op, r));
    }

    /** Decodes a reply or an event as a process receives it; a reply's body is decoded later by {@link #replyBody}. */
    public static Outgoing decodeOutgoing(ByteBuffer datagram) throws MalformedMessageException {
        WireReader r = new WireReader(datagram);
        int op = r.i32();
        int seq = r.i32();
        if (op == OP_REPLY) {
            Status status = Status.fromCode(r.i32());
            if (!status.isOk()) r.end(); // an error reply has no body; its body is decoded (and end-checked) only on OK
            return new Outgoing.Reply(seq, status, r);
        }
        if (seq != 0) throw new MalformedMessageException("event with sequence number " + seq);
        return new Outgoing.Event(KernelEvent.read(op, r));
    }

    /** Decodes the body of a successful reply to {@code req}. */
    public static ReplyBody replyBody(KernelRequest req, WireReader body) throws MalformedMessageException {
        return ReplyBody.read(req, body);
    }
}
