package dev.kernite.abi.control;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Valid control messages of every kind, the largest possible message of each kind, and the way a receiver
 * decodes each datagram completely. Shared by the round-trip, size, malformed-input and fuzz tests.
 */
final class Samples {
    private Samples() {}

    /** A valid datagram and the complete decode its receiver performs. */
    record Wire(String label, byte[] bytes, Decoder decoder) {
        @Override public String toString() { return label + " (" + bytes.length + " bytes)"; }
    }

    /** Decodes a whole datagram as its receiver would (for replies: header, then body if the status is OK). */
    @FunctionalInterface
    interface Decoder {
        Object decode(ByteBuffer datagram) throws MalformedMessageException;
    }

    /** A request with the body of a successful reply to it. */
    record Exchange(KernelRequest request, ReplyBody body) { }

    // ---- strings of exact byte lengths ----

    /** {@code n} ASCII characters from the name alphabet. */
    static String name(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(i % alphabet.length()));
        return b.toString();
    }

    /** A Java identifier path of exactly {@code n} characters, e.g. {@code aaaa.aaaa.a}. */
    static String qualified(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(i % 8 == 7 && i != n - 1 ? '.' : 'a');
        return b.toString();
    }

    /** A string of exactly {@code bytes} UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters. */
    static String utf8(int bytes) {
        String[] units = {"\uD83D\uDE00", "\u2713", "\u00E9", "x"}; // 4, 3, 2, 1 bytes
        StringBuilder b = new StringBuilder();
        int left = bytes;
        for (int i = 0; left > 0; i++) {
            String u = units[i % units.length];
            int len = u.getBytes(StandardCharsets.UTF_8).length;
            if (len > left) u = "x".repeat(left);
            b.append(u);
            left -= u.getBytes(StandardCharsets.UTF_8).length;
        }
        assert b.toString().getBytes(StandardCharsets.UTF_8).length == bytes;
        return b.toString();
    }

    // ---- specs ----

    static final ProcessSpec MIN_SPEC = new ProcessSpec("a", "m", "C", List.of(), 0, 0, List.of(), List.of());

    static final ProcessSpec SPEC = new ProcessSpec("echo", "kernite.echo", "dev.kernite.echo.EchoServer",
        List.of("--verbose", "\u00FCn\u00EFc\u00F8d\u00E9 \u2713 \uD83D\uDE00", ""), Privileges.SPAWN | Privileges.INSPECT,
        64, List.of("echo", "echo.admin"), List.of(new ProcessSpec.Grant(5, Rights.SEND | Rights.GRANT, "log"),
                                                  new ProcessSpec.Grant(-3, 0, "N_0-9.x")), 1L << 30, Jit.EARLY);

    /** Every list and string of a spec at its limit. */
    static ProcessSpec maxSpec() {
        List<String> args = Collections.nCopies(ProcessSpec.MAX_ARGS, utf8(ProcessSpec.MAX_ARG));
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < ProcessSpec.MAX_ENDPOINTS; i++) endpoints.add(name(ProcessSpec.MAX_NAME - 2) + "%02d".formatted(i));
        List<ProcessSpec.Grant> grants = new ArrayList<>();
        for (int i = 0; i < ProcessSpec.MAX_GRANTS; i++) {
            grants.add(new ProcessSpec.Grant(Integer.MAX_VALUE - i, Rights.ALL, name(ProcessSpec.MAX_NAME - 2) + "%02d".formatted(i)));
        }
        return new ProcessSpec(name(ProcessSpec.MAX_NAME), qualified(ProcessSpec.MAX_MODULE), qualified(ProcessSpec.MAX_CLASS),
            args, Privileges.ALL, ProcessSpec.MAX_HEAP_MIB, endpoints, grants);
    }

    // ---- requests ----

    /** At least one of every request type, with edge values. */
    static List<KernelRequest> requests() {
        List<KernelRequest> out = new ArrayList<>(List.of(
            new KernelRequest.Hello(0x1234_5678_9ABC_DEF0L), new KernelRequest.Hello(Long.MIN_VALUE), new KernelRequest.Hello(-1),
            new KernelRequest.CreateEndpoint("a"), new KernelRequest.CreateEndpoint(name(ProcessSpec.MAX_NAME)),
            new KernelRequest.Connect(7), new KernelRequest.Connect(-1),
            new KernelRequest.Close(Integer.MAX_VALUE), new KernelRequest.Close(0),
            new KernelRequest.Transfer(1, Rights.ALL, 2), new KernelRequest.Transfer(Integer.MIN_VALUE, 0, Integer.MAX_VALUE),
            new KernelRequest.CreateNotification(),
            new KernelRequest.Spawn(MIN_SPEC), new KernelRequest.Spawn(SPEC), new KernelRequest.Spawn(maxSpec()),
            new KernelRequest.Kill(3, true), new KernelRequest.Kill(3, false),
            new KernelRequest.WatchDeath(1, 2, -1), new KernelRequest.WatchDeath(0, 0, 0),
            new KernelRequest.ListProcesses(0), new KernelRequest.ListChannels(0),
            new KernelRequest.Describe(), new KernelRequest.Serve(9),
            new KernelRequest.AllocateDataspace(1), new KernelRequest.AllocateDataspace(KernelRequest.MAX_DATASPACE),
            new KernelRequest.MapDataspace(3), new KernelRequest.MapDataspace(-1),
            new KernelRequest.GrantDataspace(1, 0, 4096, Rights.READ | Rights.WRITE, 2),
            new KernelRequest.GrantDataspace(-1, KernelRequest.MAX_DATASPACE, KernelRequest.MAX_DATASPACE, 0, Integer.MIN_VALUE),
            new KernelRequest.Revoke(5), new KernelRequest.OpenDevice(6),
            new KernelRequest.DmaMap(1, 2, 0x10000, true), new KernelRequest.DmaMap(0, 0, KernelRequest.MAX_IOVA, false),
            new KernelRequest.DmaUnmap(1, 0), new KernelRequest.DmaUnmap(1, KernelRequest.MAX_IOVA),
            new KernelRequest.ListDataspaces(0)));
        for (Status s : Status.values()) out.add(new KernelRequest.CloseChannel(11, s));
        return out;
    }

    /** The largest request: a spawn with every limit reached. */
    static KernelRequest largestRequest() { return new KernelRequest.Spawn(maxSpec()); }

    // ---- replies ----

    static ReplyBody.Welcome maxWelcome() {
        List<ReplyBody.NamedCap> caps = new ArrayList<>();
        for (int i = 0; i < ReplyBody.MAX_CAPS; i++) {
            caps.add(new ReplyBody.NamedCap(name(ProcessSpec.MAX_NAME), i + 1, CapType.values()[i % CapType.values().length], Rights.ALL));
        }
        return new ReplyBody.Welcome(Integer.MAX_VALUE, name(ProcessSpec.MAX_NAME), Privileges.ALL, caps);
    }

    static ReplyBody.Processes maxProcesses() {
        List<ReplyBody.ProcessInfo> rows = new ArrayList<>();
        for (int i = 0; i < ReplyBody.MAX_ROWS; i++) {
            rows.add(new ReplyBody.ProcessInfo(i, utf8(ProcessSpec.MAX_NAME), utf8(16), Integer.MAX_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE, -i, Privileges.ALL, 255, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE));
        }
        return new ReplyBody.Processes(rows, 100_000);
    }

    static ReplyBody.Channels maxChannels() {
        List<ReplyBody.ChannelInfo> rows = new ArrayList<>();
        for (int i = 0; i < ReplyBody.MAX_ROWS; i++) {
            rows.add(new ReplyBody.ChannelInfo(i, utf8(ProcessSpec.MAX_NAME), i + 1, -i, Long.MIN_VALUE + i, utf8(16),
                Long.MAX_VALUE, 1L << 40));
        }
        return new ReplyBody.Channels(rows, Integer.MAX_VALUE);
    }

    static ReplyBody.Dataspaces maxDataspaces() {
        List<ReplyBody.DataspaceInfo> rows = new ArrayList<>();
        for (int i = 0; i < ReplyBody.MAX_ROWS; i++) {
            rows.add(new ReplyBody.DataspaceInfo(i, -i, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Rights.ALL, i, -1));
        }
        return new ReplyBody.Dataspaces(rows, Integer.MAX_VALUE);
    }

    static ReplyBody.Spawned maxSpawned() {
        List<Integer> endpoints = new ArrayList<>();
        for (int i = 0; i < ProcessSpec.MAX_ENDPOINTS; i++) endpoints.add(Integer.MIN_VALUE + i);
        return new ReplyBody.Spawned(Integer.MAX_VALUE, Integer.MAX_VALUE, endpoints);
    }

    /** The largest reply body of each kind, with its request. */
    static List<Exchange> largestReplies() {
        return List.of(
            new Exchange(new KernelRequest.Hello(1), maxWelcome()),
            new Exchange(new KernelRequest.Spawn(MIN_SPEC), maxSpawned()),
            new Exchange(new KernelRequest.ListProcesses(0), maxProcesses()),
            new Exchange(new KernelRequest.ListChannels(0), maxChannels()),
            new Exchange(new KernelRequest.ListDataspaces(0), maxDataspaces()),
            new Exchange(new KernelRequest.Connect(1), new ReplyBody.Connected(-1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0)),
            new Exchange(new KernelRequest.CreateNotification(), new ReplyBody.Handle(Integer.MIN_VALUE)),
            new Exchange(new KernelRequest.Close(1), new ReplyBody.None()));
    }

    /** A successful reply to every request type, with edge values. */
    static List<Exchange> replies() {
        ReplyBody.Welcome welcome = new ReplyBody.Welcome(42, "echo", Privileges.SPAWN, List.of(
            new ReplyBody.NamedCap("echo", 0x1001, CapType.ENDPOINT, Rights.SERVE | Rights.SEND | Rights.GRANT),
            new ReplyBody.NamedCap("log", 0x2002, CapType.CHANNEL, Rights.USE),
            new ReplyBody.NamedCap("done", 3, CapType.NOTIFICATION, Rights.SIGNAL | Rights.WAIT),
            new ReplyBody.NamedCap("child", 4, CapType.PROCESS, Rights.KILL | Rights.WATCH)));
        List<Exchange> out = new ArrayList<>(List.of(
            new Exchange(new KernelRequest.Hello(9), welcome),
            new Exchange(new KernelRequest.Describe(), new ReplyBody.Welcome(1, "a", 0, List.of())),
            new Exchange(new KernelRequest.CreateEndpoint("svc"), new ReplyBody.Handle(0x1001)),
            new Exchange(new KernelRequest.CreateNotification(), new ReplyBody.Handle(2)),
            new Exchange(new KernelRequest.Transfer(1, Rights.SEND, 2), new ReplyBody.Handle(-5)),
            new Exchange(new KernelRequest.Connect(3), new ReplyBody.Connected(17, 2048, 64, 4)),
            new Exchange(new KernelRequest.Spawn(SPEC), new ReplyBody.Spawned(5, 1234, List.of(6, 7))),
            new Exchange(new KernelRequest.Spawn(MIN_SPEC), new ReplyBody.Spawned(5, 1234, List.of())),
            new Exchange(new KernelRequest.ListProcesses(0), new ReplyBody.Processes(List.of(
                new ReplyBody.ProcessInfo(1, "init", "running", 12, 40_000, 1_700_000_000_000L, 8, Privileges.ALL, -1, 64L << 20, 8192, 2),
                new ReplyBody.ProcessInfo(2, "", "", 0, 0, 0, 0, 0, 137, 0, 0, 0)), 2)),
            new Exchange(new KernelRequest.ListProcesses(0), new ReplyBody.Processes(List.of(), 0)),
            new Exchange(new KernelRequest.ListProcesses(512), new ReplyBody.Processes(List.of(), 513)),
            new Exchange(new KernelRequest.ListChannels(0), new ReplyBody.Channels(List.of(
                new ReplyBody.ChannelInfo(3, "echo", 10, 11, (10L << 32) | 3, "open", 100, 99),
                new ReplyBody.ChannelInfo(4, "\u00E9cho", -1, -2, -3, "peer-died", -4, -5)), 7)),
            new Exchange(new KernelRequest.ListChannels(0), new ReplyBody.Channels(List.of(), 0)),
            new Exchange(new KernelRequest.Close(1), new ReplyBody.None()),
            new Exchange(new KernelRequest.Kill(1, true), new ReplyBody.None()),
            new Exchange(new KernelRequest.WatchDeath(1, 2, 4), new ReplyBody.None()),
            new Exchange(new KernelRequest.CloseChannel(1, Status.CHANNEL_CLOSED), new ReplyBody.None()),
            new Exchange(new KernelRequest.Serve(1), new ReplyBody.None()),
            new Exchange(new KernelRequest.AllocateDataspace(4096), new ReplyBody.Handle(9)),
            new Exchange(new KernelRequest.MapDataspace(9), new ReplyBody.Mapped(8192, 4096, true)),
            new Exchange(new KernelRequest.MapDataspace(9), new ReplyBody.Mapped(Long.MAX_VALUE, -1, false)),
            new Exchange(new KernelRequest.GrantDataspace(9, 0, 4096, Rights.READ, 2), new ReplyBody.Handle(10)),
            new Exchange(new KernelRequest.Revoke(9), new ReplyBody.None()),
            new Exchange(new KernelRequest.OpenDevice(4), new ReplyBody.DeviceOpened(2, 4096, 11)),
            new Exchange(new KernelRequest.DmaMap(4, 9, 0, true), new ReplyBody.None()),
            new Exchange(new KernelRequest.DmaUnmap(4, 0), new ReplyBody.None()),
            new Exchange(new KernelRequest.ListDataspaces(0), new ReplyBody.Dataspaces(List.of(
                new ReplyBody.DataspaceInfo(3, 10, 11, 0, 65536, Rights.READ | Rights.WRITE | Rights.GRANT, 2, 1)), 1))));
        out.addAll(largestReplies());
        return out;
    }

    // ---- events ----

    static List<KernelEvent> events() {
        List<KernelEvent> out = new ArrayList<>(List.of(
            new KernelEvent.ChannelOpened(1, 2, 0x0000_0010_0000_0003L, 2048, 64, 4),
            new KernelEvent.ChannelOpened(Integer.MIN_VALUE, -1, Long.MIN_VALUE, 0, -1, Integer.MAX_VALUE),
            new KernelEvent.Shutdown(""), new KernelEvent.Shutdown("kernel shutting down"), largestEvent(),
            new KernelEvent.CapabilityRevoked(7), new KernelEvent.CapabilityRevoked(Integer.MIN_VALUE)));
        for (Status s : Status.values()) out.add(new KernelEvent.ChannelClosed(5, s));
        for (CapType t : CapType.values()) {
            out.add(new KernelEvent.CapabilityArrived(1, 2, t, Rights.ALL));
            out.add(new KernelEvent.CapabilityArrived(-1, Integer.MAX_VALUE, t, 0));
        }
        return out;
    }

    static KernelEvent largestEvent() { return new KernelEvent.Shutdown(utf8(256)); }

    // ---- datagrams ----

    static Wire request(int seq, KernelRequest req) {
        return new Wire("request " + req.getClass().getSimpleName(), bytes(ControlCodec.encodeRequest(seq, req)),
            ControlCodec::decodeRequest);
    }

    static Wire reply(int seq, Status status, Exchange e) {
        return new Wire("reply " + status + " " + e.body().getClass().getSimpleName(),
            bytes(ControlCodec.encodeReply(seq, status, e.body())), replyDecoder(e.request()));
    }

    static Wire event(KernelEvent ev) {
        return new Wire("event " + ev.getClass().getSimpleName(), bytes(ControlCodec.encodeEvent(ev)), Samples::decodeEvent);
    }

    /** What a process does with a datagram when {@code req} is outstanding (as KernelLink does). */
    static Decoder replyDecoder(KernelRequest req) {
        return datagram -> switch (ControlCodec.decodeOutgoing(datagram)) {
            case ControlCodec.Outgoing.Reply r -> r.status().isOk() ? ControlCodec.replyBody(req, r.body()) : r.status();
            case ControlCodec.Outgoing.Event ev -> ev.event();
        };
    }

    static Object decodeEvent(ByteBuffer datagram) throws MalformedMessageException {
        return switch (ControlCodec.decodeOutgoing(datagram)) {
            case ControlCodec.Outgoing.Reply r -> r.status();
            case ControlCodec.Outgoing.Event ev -> ev.event();
        };
    }

    /** Every valid datagram: each request, each successful reply, a few error replies, each event. */
    static List<Wire> allWires() {
        List<Wire> out = new ArrayList<>();
        int seq = 1;
        for (KernelRequest r : requests()) out.add(request(seq++, r));
        out.add(request(-1, new KernelRequest.Describe()));
        out.add(request(Integer.MIN_VALUE, new KernelRequest.Describe()));
        for (Exchange e : replies()) out.add(reply(seq++, Status.OK, e));
        for (Status s : List.of(Status.ACCESS_DENIED, Status.INVALID_HANDLE, Status.NO_RESOURCES)) {
            out.add(reply(seq++, s, new Exchange(new KernelRequest.Describe(), new ReplyBody.None())));
        }
        for (KernelEvent ev : events()) out.add(event(ev));
        return out;
    }

    /** The same bytes in a fresh buffer of the platform's default (big-endian) order: the decoder must not care. */
    static ByteBuffer wrap(byte[] bytes) { return ByteBuffer.wrap(bytes.clone()); }

    static ByteBuffer wrap(byte[] bytes, int length) { return ByteBuffer.wrap(bytes, 0, length).slice(); }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** A hand-built little-endian datagram, for inputs no writer would produce. */
    static final class Raw {
        private final ByteBuffer buf = ByteBuffer.allocate(ControlCodec.MAX_MESSAGE + 16).order(ByteOrder.LITTLE_ENDIAN);

        Raw i32(int v) { buf.putInt(v); return this; }
        Raw i64(long v) { buf.putLong(v); return this; }
        Raw u8(int v) { buf.put((byte) v); return this; }
        Raw u16(int v) { buf.putShort((short) v); return this; }
        Raw bytes(int... v) { for (int b : v) buf.put((byte) b); return this; }
        Raw str(String s) { byte[] b = s.getBytes(StandardCharsets.UTF_8); u16(b.length); buf.put(b); return this; }
        /** A string with raw bytes as content. */
        Raw rawStr(int... v) { u16(v.length); return bytes(v); }

        ByteBuffer done() { return buf.duplicate().flip(); }
    }
}
