package dev.kernite.abi.control;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;

/** Messages the kernel sends to a process unasked (sequence number 0). */
public sealed interface KernelEvent {
    int op();

    /** A client connected to an endpoint the process serves. fd: the channel memfd. */
    record ChannelOpened(int endpoint, int channel, long badge, int slotSize, int reqSlots, int repSlots)
        implements KernelEvent { public int op() { return 101; } }

    /** A channel the process holds was closed (peer died, peer closed, protocol error). */
    record ChannelClosed(int channel, Status reason) implements KernelEvent { public int op() { return 102; } }

    /** Another process transferred a capability to this one over channel {@code via}. */
    record CapabilityArrived(int via, int handle, CapType type, int rights) implements KernelEvent {
        public int op() { return 103; }
    }

    /**
     * A capability this process held was revoked (its granter took it back, or the dataspace's owner freed it):
     * the handle names nothing any more, and the process must stop using memory it mapped through it.
     */
    record CapabilityRevoked(int handle) implements KernelEvent { public int op() { return 105; } }

    /** The kernel is shutting down; the process should exit now. */
    record Shutdown(String reason) implements KernelEvent { public int op() { return 104; } }

    static KernelEvent read(int op, WireReader r) throws MalformedMessageException {
        KernelEvent ev = switch (op) {
            case 101 -> new ChannelOpened(r.i32(), r.i32(), r.i64(), r.i32(), r.i32(), r.i32());
            case 102 -> new ChannelClosed(r.i32(), Status.fromCode(r.i32()));
            case 103 -> {
                int via = r.i32(), handle = r.i32();
                CapType type = CapType.fromCode(r.i32());
                int rights = r.i32();
                if (type == null || !Rights.isValid(rights)) throw new MalformedMessageException("bad capability");
                yield new CapabilityArrived(via, handle, type, rights);
            }
            case 104 -> new Shutdown(r.string(256));
            case 105 -> new CapabilityRevoked(r.i32());
            default -> throw new MalformedMessageException("unknown event op " + op);
        };
        r.end();
        return ev;
    }

    static void write(KernelEvent ev, WireWriter w) {
        switch (ev) {
            case ChannelOpened o -> w.i32(o.endpoint()).i32(o.channel()).i64(o.badge()).i32(o.slotSize()).i32(o.reqSlots()).i32(o.repSlots());
            case ChannelClosed c -> w.i32(c.channel()).i32(c.reason().code());
            case CapabilityArrived a -> w.i32(a.via()).i32(a.handle()).i32(a.type().code()).i32(a.rights());
            case Shutdown s -> w.string(s.reason(), 256);
            case CapabilityRevoked c -> w.i32(c.handle());
        }
    }
}
