package dev.kernite.abi.control;

import dev.kernite.abi.Status;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seeded fuzzing of every decoder: random datagrams and single-byte mutations of valid ones either decode or
 * raise {@link MalformedMessageException}, nothing else. What decodes also re-encodes to something that decodes
 * to the same value (the decoder produced a value the trusted writer accepts).
 */
class ControlCodecFuzzTest {
    private static final long SEED = 0x4B4E_4348_0001L;
    private static final int RANDOM_BUFFERS = 100_000;
    private static final int MUTATIONS = 100_000;
    private static final int[] OPS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 101, 102, 103, 104, 105,
        ControlCodec.OP_REPLY};

    /** One request of each type, to decode a reply body as the answer to each. */
    private static final List<KernelRequest> ONE_OF_EACH_REQUEST = oneOfEach();

    private static List<KernelRequest> oneOfEach() {
        Map<Class<?>, KernelRequest> byType = new LinkedHashMap<>();
        for (KernelRequest r : Samples.requests()) byType.putIfAbsent(r.getClass(), r);
        assertEquals(KernelRequest.class.getPermittedSubclasses().length, byType.size());
        return List.copyOf(byType.values());
    }

    @Test
    void randomDatagramsDecodeOrAreMalformed() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int decoded = 0;
        for (int i = 0; i < RANDOM_BUFFERS; i++) {
            byte[] b = randomDatagram(rnd);
            int n = i;
            decoded += decodeEveryWay(b, () -> "random #" + n + " (seed " + SEED + ")");
        }
        assertTrue(decoded > 0, "the fuzzer never got past the header");
    }

    @Test
    void singleByteMutationsDecodeOrAreMalformed() {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        List<Samples.Wire> wires = Samples.allWires();
        int decoded = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Samples.Wire w = wires.get(rnd.nextInt(wires.size()));
            byte[] b = w.bytes().clone();
            int at = mutationPosition(rnd, b.length);
            b[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : b[at] ^ (1 << rnd.nextInt(8)));
            int n = i;
            Supplier<String> what = () -> "mutation #" + n + " of " + w + " at " + at + " (seed " + (SEED + 1) + ")";
            decoded += decodeAs(w.decoder(), b, what);
            if (b.length <= 512) decoded += decodeEveryWay(b, what);
        }
        assertTrue(decoded > MUTATIONS / 10, "too few mutations decoded (" + decoded + "): the fuzzer is not reaching bodies");
    }

    /** Mostly near the front, where the header, counts and lengths are; sometimes anywhere. */
    private static int mutationPosition(SplittableRandom rnd, int length) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt(length) : rnd.nextInt(Math.min(length, 64));
    }

    /** A datagram that usually has a plausible header and small numbers, so decoding gets past the first checks. */
    private static byte[] randomDatagram(SplittableRandom rnd) {
        int len = rnd.nextInt(8) == 0 ? rnd.nextInt(2048) : rnd.nextInt(96);
        ByteBuffer b = ByteBuffer.allocate(Math.max(len, 8)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < b.capacity(); i++) {
            int kind = rnd.nextInt(4);
            b.put(i, (byte) (kind == 0 ? 0 : kind == 1 ? rnd.nextInt(4) : kind == 2 ? 'a' + rnd.nextInt(26) : rnd.nextInt(256)));
        }
        if (rnd.nextInt(4) != 0) {
            int op = OPS[rnd.nextInt(OPS.length)];
            b.putInt(0, op);
            b.putInt(4, op > 100 && op != ControlCodec.OP_REPLY && rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(1000));
            if (op == ControlCodec.OP_REPLY && b.capacity() >= 12 && rnd.nextBoolean()) b.putInt(8, Status.OK.code());
        }
        byte[] out = new byte[len];
        b.get(0, out);
        return out;
    }

    /** Runs every decoder over {@code b}; returns how many decodes succeeded. */
    private static int decodeEveryWay(byte[] b, Supplier<String> what) {
        int ok = 0;
        ok += decodeAs(ControlCodec::decodeRequest, b, what);
        ok += decodeAs(Samples::decodeEvent, b, what);
        for (KernelRequest req : ONE_OF_EACH_REQUEST) ok += decodeAs(Samples.replyDecoder(req), b, () -> what.get() + " as reply to " + req);
        return ok;
    }

    /** 1 when {@code d} decodes {@code b} (and the value survives a re-encode), 0 when it is malformed; else fails. */
    private static int decodeAs(Samples.Decoder d, byte[] b, Supplier<String> what) {
        Object value;
        try {
            value = d.decode(Samples.wrap(b));
        } catch (MalformedMessageException e) {
            return 0;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what.get() + ": " + e + "\n" + HexFormat.of().formatHex(b, 0, Math.min(b.length, 256)), e);
        }
        assertReEncodes(value, b, what);
        return 1;
    }

    private static void assertReEncodes(Object value, byte[] original, Supplier<String> what) {
        try {
            switch (value) {
                case ControlCodec.Incoming in ->
                    assertEquals(in, ControlCodec.decodeRequest(ControlCodec.encodeRequest(in.seq(), in.request())), what);
                case KernelEvent ev -> assertEquals(ev,
                    ((ControlCodec.Outgoing.Event) ControlCodec.decodeOutgoing(ControlCodec.encodeEvent(ev))).event(), what);
                case ReplyBody body -> {
                    var reply = (ControlCodec.Outgoing.Reply) ControlCodec.decodeOutgoing(ControlCodec.encodeReply(1, Status.OK, body));
                    KernelRequest req = requestFor(body);
                    assertEquals(body, ControlCodec.replyBody(req, reply.body()), what);
                }
                case Status s -> { } // a reply header: nothing more to re-encode
                default -> fail(what.get() + ": unexpected decode result " + value);
            }
        } catch (MalformedMessageException | RuntimeException e) {
            throw new AssertionError(what.get() + ": decoded " + value + " but its re-encoding fails: " + e
                + "\n" + HexFormat.of().formatHex(original, 0, Math.min(original.length, 256)), e);
        }
    }

    /** A request whose reply carries {@code body}'s type. */
    private static KernelRequest requestFor(ReplyBody body) {
        return switch (body) {
            case ReplyBody.None n -> new KernelRequest.Close(1);
            case ReplyBody.Handle h -> new KernelRequest.CreateNotification();
            case ReplyBody.Welcome w -> new KernelRequest.Describe();
            case ReplyBody.Connected c -> new KernelRequest.Connect(1);
            case ReplyBody.Spawned s -> new KernelRequest.Spawn(Samples.MIN_SPEC);
            case ReplyBody.Processes p -> new KernelRequest.ListProcesses(0);
            case ReplyBody.Channels c -> new KernelRequest.ListChannels(0);
            case ReplyBody.Mapped m -> new KernelRequest.MapDataspace(1);
            case ReplyBody.DeviceOpened d -> new KernelRequest.OpenDevice(1);
            case ReplyBody.Dataspaces d -> new KernelRequest.ListDataspaces(0);
        };
    }
}
