package dev.kernite.abi.control;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Malformed input is refused with {@link MalformedMessageException} and nothing else: truncations, trailing bytes,
 * unknown ops, sequence 0, bad UTF-8, oversize strings and lists, invalid names, unknown bits.
 */
class ControlCodecMalformedTest {
    private static final Samples.Decoder REQUEST = ControlCodec::decodeRequest;
    private static final Samples.Decoder EVENT = Samples::decodeEvent;

    private static void assertMalformed(Samples.Decoder d, ByteBuffer datagram, String what) {
        assertThrows(MalformedMessageException.class, () -> d.decode(datagram), what);
    }

    private static void assertMalformedRequest(ByteBuffer datagram, String what) { assertMalformed(REQUEST, datagram, what); }

    /** Lengths to cut at: all of them for small messages; both ends and a stride through the middle of big ones. */
    private static int[] cuts(int n) {
        if (n <= 4096) return java.util.stream.IntStream.range(0, n).toArray();
        return java.util.stream.IntStream.range(0, n).filter(i -> i < 1024 || i >= n - 1024 || i % 61 == 0).toArray();
    }

    @Test
    void everyTruncationOfEveryValidMessageIsMalformed() throws Exception {
        for (Samples.Wire w : Samples.allWires()) {
            assertNotNull(w.decoder().decode(Samples.wrap(w.bytes())), w::label); // the whole message decodes
            for (int len : cuts(w.bytes().length)) assertMalformed(w.decoder(), Samples.wrap(w.bytes(), len), w + " cut at " + len);
        }
    }

    @Test
    void trailingBytesAreMalformed() {
        for (Samples.Wire w : Samples.allWires()) {
            if (w.label().startsWith("reply ") && !w.label().startsWith("reply OK")) continue; // see the disabled test below
            for (int extra : new int[] {1, 4, 8}) {
                byte[] longer = java.util.Arrays.copyOf(w.bytes(), w.bytes().length + extra);
                assertMalformed(w.decoder(), Samples.wrap(longer), w + " + " + extra);
            }
        }
    }

    /**
     * FINDING: an error reply (status ≠ OK) followed by extra bytes is accepted: {@link ControlCodec#decodeOutgoing}
     * returns the Reply without checking that nothing follows the status, and the body reader is only consumed
     * (and end()-checked) when the status is OK. Every other message rejects trailing bytes.
     */
    @Test
    void errorReplyWithTrailingBytesIsMalformed() {
        ByteBuffer wire = new Samples.Raw().i32(ControlCodec.OP_REPLY).i32(5).i32(Status.ACCESS_DENIED.code()).i32(0xBAD).done();
        assertMalformed(Samples.replyDecoder(new KernelRequest.Describe()), wire, "error reply + 4 bytes");
    }

    @Test
    void unknownRequestOpsAreMalformed() {
        for (int op : new int[] {0, -1, 15, 50, 99, 100, 101, 104, ControlCodec.OP_REPLY, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertMalformedRequest(new Samples.Raw().i32(op).i32(1).done(), "op " + op);
            assertMalformedRequest(new Samples.Raw().i32(op).i32(1).i32(1).i64(1).done(), "op " + op + " with a body");
        }
    }

    @Test
    void unknownEventOpsAreMalformed() {
        for (int op : new int[] {0, 1, 14, 100, 105, 199, 201, -1, Integer.MAX_VALUE}) {
            assertMalformed(EVENT, new Samples.Raw().i32(op).i32(0).done(), "event op " + op);
            assertMalformed(EVENT, new Samples.Raw().i32(op).i32(0).i32(1).i32(2).done(), "event op " + op + " with a body");
        }
    }

    @Test
    void eventsWithASequenceNumberAreMalformed() {
        for (KernelEvent ev : Samples.events()) {
            ByteBuffer wire = ControlCodec.encodeEvent(ev);
            wire.putInt(4, 1);
            assertMalformed(EVENT, wire, ev.toString());
        }
    }

    @Test
    void requestsWithSequenceZeroAreMalformed() {
        for (KernelRequest r : Samples.requests()) assertMalformedRequest(ControlCodec.encodeRequest(0, r), r.toString());
    }

    @Test
    void shortHeadersAreMalformed() {
        for (int len = 0; len < 12; len++) {
            ByteBuffer b = ByteBuffer.allocate(len);
            assertMalformed(REQUEST, b.duplicate(), "request of " + len);
            assertMalformed(EVENT, b.duplicate(), "outgoing of " + len);
        }
    }

    private static final int[][] BAD_UTF8 = {
        {0xFF}, {0xFE}, {0x80}, {0xC3}, {0xC0, 0x80}, {0xE0, 0x80, 0x80}, {0xE2, 0x82}, {0xED, 0xA0, 0x80},
        {0xED, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {'a', 0xC3, 'b'}, {'o', 'k', 0xF0, 0x9F}};

    @Test
    void badUtf8IsMalformedWherever() {
        for (int[] bad : BAD_UTF8) {
            String what = java.util.Arrays.toString(bad);
            assertMalformed(EVENT, new Samples.Raw().i32(104).i32(0).rawStr(bad).done(), "shutdown reason " + what);
            assertMalformedRequest(new Samples.Raw().i32(2).i32(1).rawStr(bad).done(), "endpoint name " + what);
            assertMalformedRequest(spawn(r -> r.u16(2).str("ok").rawStr(bad), 0, 0, r -> r.u16(0), r -> r.u16(0)), "arg " + what);
            assertMalformed(Samples.replyDecoder(new KernelRequest.ListProcesses(0)), new Samples.Raw()
                .i32(ControlCodec.OP_REPLY).i32(1).i32(0).i32(1).u16(1).i32(1).str("a").rawStr(bad).i32(0).i64(0).i64(0).i32(0).i32(0).i32(-1).done(),
                "process state " + what);
            assertMalformed(Samples.replyDecoder(new KernelRequest.Describe()), new Samples.Raw()
                .i32(ControlCodec.OP_REPLY).i32(1).i32(0).i32(1).rawStr(bad).i32(0).u16(0).done(), "welcome name " + what);
        }
    }

    @Test
    void validMultiByteUtf8Decodes() throws Exception {
        String s = "\u00E9\u2713\uD83D\uDE00\u0000";
        var ev = ControlCodec.decodeOutgoing(new Samples.Raw().i32(104).i32(0).str(s).done());
        assertEquals(new KernelEvent.Shutdown(s), ((ControlCodec.Outgoing.Event) ev).event());
    }

    @Test
    void oversizeStringsAreMalformed() {
        int[] lengths = {ProcessSpec.MAX_NAME + 1, 0x7FFF, 0x8000, 0xFFFF};
        for (int len : lengths) {
            Samples.Raw r = new Samples.Raw().i32(2).i32(1).u16(len);
            for (int i = 0; i < len; i++) r.u8('a');
            assertMalformedRequest(r.done(), "endpoint name of " + len);
        }
        assertMalformed(EVENT, new Samples.Raw().i32(104).i32(0).u16(257).bytes(new int[257]).done(), "reason of 257");
        assertMalformedRequest(spawn(r -> r.u16(1).u16(ProcessSpec.MAX_ARG + 1).bytes(new int[ProcessSpec.MAX_ARG + 1]),
            0, 0, r -> r.u16(0), r -> r.u16(0)), "arg of MAX_ARG + 1");
        // A length within the limit that runs past the end of the datagram.
        assertMalformedRequest(new Samples.Raw().i32(2).i32(1).u16(10).bytes('a', 'b').done(), "name past the end");
        assertMalformedRequest(new Samples.Raw().i32(2).i32(1).u8(1).done(), "half a length");
    }

    @Test
    void oversizeListCountsAreMalformed() {
        Consumer<Samples.Raw> none = r -> r.u16(0);
        for (int n : new int[] {ProcessSpec.MAX_ARGS + 1, 0xFFFF}) {
            assertMalformedRequest(spawn(r -> r.u16(n), 0, 0, none, none), "args " + n);
        }
        for (int n : new int[] {ProcessSpec.MAX_ENDPOINTS + 1, 0x8000}) {
            assertMalformedRequest(spawn(none, 0, 0, r -> r.u16(n), none), "endpoints " + n);
        }
        for (int n : new int[] {ProcessSpec.MAX_GRANTS + 1, 0xFFFF}) {
            assertMalformedRequest(spawn(none, 0, 0, none, r -> r.u16(n)), "grants " + n);
        }
        assertMalformedReplyList(new KernelRequest.ListProcesses(0), ReplyBody.MAX_ROWS + 1, 0);
        assertMalformedReplyList(new KernelRequest.ListChannels(0), ReplyBody.MAX_ROWS + 1, 0);
        assertMalformedReplyList(new KernelRequest.ListChannels(0), 0xFFFF, 0);
        assertMalformedReplyList(new KernelRequest.Spawn(Samples.MIN_SPEC), ProcessSpec.MAX_ENDPOINTS + 1, 5, 6);
        for (int n : new int[] {ReplyBody.MAX_CAPS + 1, 0xFFFF}) {
            assertMalformed(Samples.replyDecoder(new KernelRequest.Hello(1)), new Samples.Raw()
                .i32(ControlCodec.OP_REPLY).i32(1).i32(0).i32(1).str("a").i32(0).u16(n).done(), "caps " + n);
        }
    }

    /** A successful reply whose body is {@code prefix} i32s then a list count, with plenty of zero bytes after it. */
    private static void assertMalformedReplyList(KernelRequest req, int count, int... prefix) {
        Samples.Raw r = new Samples.Raw().i32(ControlCodec.OP_REPLY).i32(1).i32(0);
        for (int p : prefix) r.i32(p);
        r.u16(count).bytes(new int[8192]);
        assertMalformed(Samples.replyDecoder(req), r.done(), req.getClass().getSimpleName() + " list of " + count);
    }

    // ---- names ----

    private static final List<String> BAD_NAMES = List.of("", Samples.name(ProcessSpec.MAX_NAME + 1), "a b", "a/b", "a\\b",
        "\u00E9", "a\u0000", "a\n", "a:b", "a*", "a+b", "\uD83D\uDE00", "a\u200B");

    @Test
    void isValidNameCases() {
        for (String ok : List.of("a", "Z", "0", ".", "-", "_", "echo", "echo.admin", "A-z_0.9", Samples.name(ProcessSpec.MAX_NAME))) {
            assertTrue(ProcessSpec.isValidName(ok), ok);
        }
        for (String bad : BAD_NAMES) assertFalse(ProcessSpec.isValidName(bad), bad);
        assertFalse(ProcessSpec.isValidName(null));
    }

    @Test
    void isQualifiedNameCases() {
        for (String ok : List.of("a", "kernite.echo", "dev.kernite.echo.EchoServer", "$x", "_a._b", "a1.b2")) {
            assertTrue(ProcessSpec.isQualifiedName(ok), ok);
        }
        for (String bad : List.of("", ".", "a.", ".a", "a..b", "1a", "a.1b", "a-b", "a b", "a/b", "kernite.echo/Main")) {
            assertFalse(ProcessSpec.isQualifiedName(bad), bad);
        }
    }

    @Test
    void invalidNamesAreMalformedEverywhereTheyAreChecked() {
        Consumer<Samples.Raw> none = r -> r.u16(0);
        for (String bad : BAD_NAMES) {
            assertMalformedRequest(new Samples.Raw().i32(2).i32(1).str(bad).done(), "endpoint '" + bad + "'");
            assertMalformedRequest(spawnNamed(bad, "m", "C"), "process name '" + bad + "'");
            assertMalformedRequest(spawn(none, 0, 0, r -> r.u16(1).str(bad), none), "spawn endpoint '" + bad + "'");
            assertMalformedRequest(spawn(none, 0, 0, none, r -> r.u16(1).i32(1).i32(Rights.SEND).str(bad)), "grant '" + bad + "'");
        }
        for (String bad : List.of("", "a.", ".a", "a..b", "1a", "a-b", "a b", "a/b")) {
            assertMalformedRequest(spawnNamed("p", bad, "C"), "module '" + bad + "'");
            assertMalformedRequest(spawnNamed("p", "m", bad), "class '" + bad + "'");
        }
    }

    /**
     * FINDING: {@code ProcessSpec.isQualifiedName} accepts identifier-ignorable characters, because
     * {@code Character.isJavaIdentifierPart} is true for U+0000–U+0008, U+000E–U+001B, U+007F–U+009F and format
     * characters. A Spawn whose module is {@code "kernite.echo\u0000"} decodes; the kernel then builds a path
     * from it ({@code Spawner.aotFlags}: {@code aotDir.resolve(module + ".aot")}), which throws an unchecked
     * InvalidPathException instead of refusing the request.
     */
    @Test
    void qualifiedNamesWithControlCharactersAreMalformed() {
        for (String bad : List.of("kernite.echo\u0000", "a\u0001b", "a\u007F", "a\u200Bb", "a\u009F")) {
            assertMalformedRequest(spawnNamed("p", bad, "C"), "module " + bad.chars().boxed().toList());
            assertMalformedRequest(spawnNamed("p", "m", bad), "class " + bad.chars().boxed().toList());
        }
    }

    // ---- bits, ranges and enums ----

    @Test
    void unknownRightsBitsAreMalformed() {
        Consumer<Samples.Raw> none = r -> r.u16(0);
        for (int rights : new int[] {1 << 10, Rights.SEND | 1 << 10, 1 << 31, -1}) {
            assertMalformedRequest(new Samples.Raw().i32(5).i32(1).i32(1).i32(rights).i32(2).done(), "transfer " + rights);
            assertMalformedRequest(spawn(none, 0, 0, none, r -> r.u16(1).i32(1).i32(rights).str("g")), "grant " + rights);
            assertMalformed(EVENT, new Samples.Raw().i32(103).i32(0).i32(1).i32(2).i32(1).i32(rights).done(), "arrived " + rights);
        }
    }

    @Test
    void unknownPrivilegeBitsAreMalformed() {
        Consumer<Samples.Raw> none = r -> r.u16(0);
        for (int p : new int[] {1 << 3, Privileges.ALL | 1 << 3, 1 << 31, -1}) {
            assertMalformedRequest(spawn(none, p, 0, none, none), "privileges " + p);
        }
    }

    /**
     * FINDING: the Welcome reply (to Hello and Describe) is decoded without checking its bits, unlike every other
     * message: {@code ReplyBody.readWelcome} takes {@code privileges} and each {@code NamedCap.rights} as raw
     * i32s, so a Welcome with rights bit 10 or privilege bit 3 decodes (CapabilityArrived and Spawn refuse both).
     */
    @Test
    void welcomeWithUnknownBitsIsMalformed() {
        Samples.Decoder d = Samples.replyDecoder(new KernelRequest.Hello(1));
        assertMalformed(d, new Samples.Raw().i32(ControlCodec.OP_REPLY).i32(1).i32(0)
            .i32(1).str("a").i32(0).u16(1).str("c").i32(1).i32(1).i32(1 << 10).done(), "cap rights bit 10");
        assertMalformed(d, new Samples.Raw().i32(ControlCodec.OP_REPLY).i32(1).i32(0)
            .i32(1).str("a").i32(1 << 3).u16(0).done(), "privilege bit 3");
    }

    @Test
    void unknownCapabilityTypesAreMalformed() {
        for (int type : new int[] {0, 7, -1, 99}) {
            assertMalformed(EVENT, new Samples.Raw().i32(103).i32(0).i32(1).i32(2).i32(type).i32(Rights.SEND).done(), "arrived " + type);
            assertMalformed(Samples.replyDecoder(new KernelRequest.Describe()), new Samples.Raw().i32(ControlCodec.OP_REPLY).i32(1)
                .i32(0).i32(1).str("a").i32(0).u16(1).str("c").i32(1).i32(type).i32(0).done(), "welcome cap " + type);
        }
    }

    @Test
    void heapOutOfRangeIsMalformed() {
        Consumer<Samples.Raw> none = r -> r.u16(0);
        for (int heap : new int[] {-1, ProcessSpec.MAX_HEAP_MIB + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertMalformedRequest(spawn(none, 0, heap, none, none), "heap " + heap);
        }
    }

    @Test
    void unknownJitIsMalformed() {
        Consumer<Samples.Raw> none = r -> r.u16(0);
        for (int jit : new int[] {-1, 2, Integer.MAX_VALUE}) {
            assertMalformedRequest(spawn("p", "m", "C", none, 0, 0, none, none, jit), "jit " + jit);
        }
    }

    @Test
    void booleansOtherThanZeroOrOneAreMalformed() {
        for (int b : new int[] {2, 0xFF, 0x10, 0x80}) {
            assertMalformedRequest(new Samples.Raw().i32(8).i32(1).i32(3).u8(b).done(), "kill force byte " + b);
        }
    }

    @Test
    void handBuiltSpawnHelperProducesValidSpawns() throws Exception {
        Consumer<Samples.Raw> none = r -> r.u16(0);
        assertEquals(new KernelRequest.Spawn(new ProcessSpec("p", "m", "C", List.of(), 0, 0, List.of(), List.of())),
            ControlCodec.decodeRequest(spawn(none, 0, 0, none, none)).request());
        assertEquals(new KernelRequest.Spawn(Samples.MIN_SPEC), ControlCodec.decodeRequest(spawnNamed("a", "m", "C")).request());
    }

    // ---- raw spawn builders ----

    private static ByteBuffer spawnNamed(String name, String module, String cls) {
        return spawn(name, module, cls, r -> r.u16(0), 0, 0, r -> r.u16(0), r -> r.u16(0));
    }

    private static ByteBuffer spawn(Consumer<Samples.Raw> args, int privileges, int heap,
                                    Consumer<Samples.Raw> endpoints, Consumer<Samples.Raw> grants) {
        return spawn("p", "m", "C", args, privileges, heap, endpoints, grants);
    }

    private static ByteBuffer spawn(String name, String module, String cls, Consumer<Samples.Raw> args, int privileges,
                                    int heap, Consumer<Samples.Raw> endpoints, Consumer<Samples.Raw> grants) {
        return spawn(name, module, cls, args, privileges, heap, endpoints, grants, Jit.LATE.code);
    }

    private static ByteBuffer spawn(String name, String module, String cls, Consumer<Samples.Raw> args, int privileges,
                                    int heap, Consumer<Samples.Raw> endpoints, Consumer<Samples.Raw> grants, int jit) {
        Samples.Raw r = new Samples.Raw().i32(7).i32(1).str(name).str(module).str(cls);
        args.accept(r);
        r.i32(privileges).i32(heap);
        endpoints.accept(r);
        grants.accept(r);
        r.i64(ProcessSpec.DEFAULT_MEMORY_QUOTA).i32(jit);
        return r.done();
    }
}
