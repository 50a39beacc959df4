package dev.kernite.abi.control;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;

/**
 * Requests a process sends to the kernel over its control socket. Each is decoded and fully validated into one
 * of these immutable records before the kernel changes any state; the kernel answers each with a reply carrying
 * a {@link Status} and, on success, the {@link ReplyBody} named beside the record.
 */
public sealed interface KernelRequest {
    /** The opcode on the wire. */
    int op();

    /** First message on a new connection: proves who the process is. Reply: {@link ReplyBody.Welcome}. */
    record Hello(long token) implements KernelRequest { public int op() { return 1; } }

    /** Create an endpoint served by the caller. Reply: {@link ReplyBody.Handle}, fd: the doorbell memfd. */
    record CreateEndpoint(String name) implements KernelRequest { public int op() { return 2; } }

    /** Connect to an endpoint (needs SEND). Reply: {@link ReplyBody.Connected}, fds: channel memfd, doorbell memfd. */
    record Connect(int endpoint) implements KernelRequest { public int op() { return 3; } }

    /** Drop a capability; closing a channel closes it for the peer too. Reply: {@link ReplyBody.None}. */
    record Close(int handle) implements KernelRequest { public int op() { return 4; } }

    /**
     * Copy a capability (needs GRANT on it) to the process at the other end of a channel the caller holds, with
     * rights restricted to {@code rights}. Reply: {@link ReplyBody.Handle} naming the copy in the receiver's table.
     */
    record Transfer(int handle, int rights, int via) implements KernelRequest { public int op() { return 5; } }

    /** Create a notification. Reply: {@link ReplyBody.Handle}, fd: the notification memfd. */
    record CreateNotification() implements KernelRequest { public int op() { return 6; } }

    /** Start a process (needs the SPAWN privilege). Reply: {@link ReplyBody.Spawned}. */
    record Spawn(ProcessSpec spec) implements KernelRequest { public int op() { return 7; } }

    /** Kill a process (needs KILL on its capability). Reply: {@link ReplyBody.None}. */
    record Kill(int process, boolean force) implements KernelRequest { public int op() { return 8; } }

    /**
     * Signal {@code bits} on a notification (needs SIGNAL) when a process (needs WATCH) dies; at once if it is
     * already dead. Reply: {@link ReplyBody.None}.
     */
    record WatchDeath(int process, int notification, int bits) implements KernelRequest { public int op() { return 9; } }

    /**
     * List processes and their threads (needs INSPECT), from row {@code from} on: a reply holds at most
     * {@link ReplyBody#MAX_ROWS} rows and the total, so a caller pages through. Reply: {@link ReplyBody.Processes}.
     */
    record ListProcesses(int from) implements KernelRequest { public int op() { return 10; } }

    /** List channels with their message counts (needs INSPECT), paged as ListProcesses. Reply: {@link ReplyBody.Channels}. */
    record ListChannels(int from) implements KernelRequest { public int op() { return 11; } }

    /**
     * Close a channel because of {@code reason} (the caller's own decision, or a protocol violation it saw).
     * Reply: {@link ReplyBody.None}.
     */
    record CloseChannel(int channel, Status reason) implements KernelRequest { public int op() { return 12; } }

    /** Fetch the caller's initial capabilities again, e.g. after a restart of a library. Reply: {@link ReplyBody.Welcome}. */
    record Describe() implements KernelRequest { public int op() { return 13; } }

    /** Start serving an endpoint held with SERVE (e.g. one created at spawn). Reply: {@link ReplyBody.None}, fd: its doorbell. */
    record Serve(int endpoint) implements KernelRequest { public int op() { return 14; } }

    static KernelRequest read(int op, WireReader r) throws MalformedMessageException {
        KernelRequest req = switch (op) {
            case 1 -> new Hello(r.i64());
            case 2 -> new CreateEndpoint(name(r));
            case 3 -> new Connect(r.i32());
            case 4 -> new Close(r.i32());
            case 5 -> new Transfer(r.i32(), rights(r), r.i32());
            case 6 -> new CreateNotification();
            case 7 -> new Spawn(ProcessSpec.read(r));
            case 8 -> new Kill(r.i32(), r.bool());
            case 9 -> new WatchDeath(r.i32(), r.i32(), r.i32());
            case 10 -> new ListProcesses(r.i32(0, Integer.MAX_VALUE, "first row"));
            case 11 -> new ListChannels(r.i32(0, Integer.MAX_VALUE, "first row"));
            case 12 -> new CloseChannel(r.i32(), Status.fromCode(r.i32()));
            case 13 -> new Describe();
            case 14 -> new Serve(r.i32());
            default -> throw new MalformedMessageException("unknown request op " + op);
        };
        r.end();
        return req;
    }

    static void write(KernelRequest req, WireWriter w) {
        switch (req) {
            case Hello h -> w.i64(h.token());
            case CreateEndpoint c -> w.string(c.name(), ProcessSpec.MAX_NAME);
            case Connect c -> w.i32(c.endpoint());
            case Close c -> w.i32(c.handle());
            case Transfer t -> w.i32(t.handle()).i32(t.rights()).i32(t.via());
            case CreateNotification c -> { }
            case Spawn s -> s.spec().write(w);
            case Kill k -> w.i32(k.process()).bool(k.force());
            case WatchDeath d -> w.i32(d.process()).i32(d.notification()).i32(d.bits());
            case ListProcesses l -> w.i32(l.from());
            case ListChannels l -> w.i32(l.from());
            case CloseChannel c -> w.i32(c.channel()).i32(c.reason().code());
            case Describe d -> { }
            case Serve s -> w.i32(s.endpoint());
        }
    }

    private static String name(WireReader r) throws MalformedMessageException {
        String n = r.string(ProcessSpec.MAX_NAME);
        if (!ProcessSpec.isValidName(n)) throw new MalformedMessageException("bad name");
        return n;
    }

    private static int rights(WireReader r) throws MalformedMessageException {
        int v = r.i32();
        if (!Rights.isValid(v)) throw new MalformedMessageException("unknown rights bits");
        return v;
    }
}
