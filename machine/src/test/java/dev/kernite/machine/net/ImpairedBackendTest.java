package dev.kernite.machine.net;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.kernel.device.LinkImpairment;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The machine's netem: frames lost and reordered as asked, never altered or duplicated; the spec parsed strictly. */
class ImpairedBackendTest {
    /** A backend that records what is sent through it and lets the test push received frames. */
    private static final class Recorder implements NetBackend {
        final List<Integer> sent = java.util.Collections.synchronizedList(new ArrayList<>()); // the timer thread adds too
        FrameSink sink;

        @Override public void start(FrameSink s) { sink = s; }
        @Override public boolean send(MemorySegment frame) { sent.add(frame.get(ValueLayout.JAVA_INT_UNALIGNED, 0)); return true; }
        @Override public boolean linkUp() { return true; }
        @Override public String describe() { return "recorder"; }
        @Override public void close() { }
    }

    private static MemorySegment frame(int n) {
        MemorySegment f = MemorySegment.ofArray(new byte[64]);
        f.set(ValueLayout.JAVA_INT_UNALIGNED, 0, n);
        return f;
    }

    @Test
    void bothDirectionsLoseAndReorderButNeverAlterOrDuplicate() throws Exception {
        Recorder inner = new Recorder();
        ImpairedBackend link = new ImpairedBackend(inner, LinkImpairment.parse("loss=10%,reorder=30%,seed=3"));
        List<Integer> received = java.util.Collections.synchronizedList(new ArrayList<>());
        link.start(f -> received.add(f.get(ValueLayout.JAVA_INT_UNALIGNED, 0)));
        for (int i = 0; i < 10_000; i++) {
            link.send(frame(i));
            inner.sink.receive(frame(i));
        }
        Thread.sleep(ImpairedBackend.HOLD_MILLIS * 20); // the last held frames leave by the timer
        link.close();
        for (List<Integer> got : List.of(List.copyOf(inner.sent), List.copyOf(received))) {
            assertEquals(got.size(), got.stream().distinct().count(), "no duplicates");
            assertTrue(got.stream().allMatch(n -> n >= 0 && n < 10_000), "nothing altered");
            assertTrue(got.size() > 8_700 && got.size() < 9_300, "about 10% lost: " + got.size());
            long outOfOrder = 0;
            for (int i = 1; i < got.size(); i++) if (got.get(i) < got.get(i - 1)) outOfOrder++;
            assertTrue(outOfOrder > 1_000, "reordered: " + outOfOrder);
        }
        assertNotEquals(inner.sent, received, "the two directions have dice of their own");
    }

    @Test
    void aHeldFrameWithNoSuccessorLeavesByItself() throws Exception {
        Recorder inner = new Recorder();
        ImpairedBackend link = new ImpairedBackend(inner, new LinkImpairment(0, 50, 1));
        int i = 0;
        while (inner.sent.size() == i) link.send(frame(i++)); // until one is held
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inner.sent.size() < i && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(i, inner.sent.size(), "the held frame went out after " + ImpairedBackend.HOLD_MILLIS + " ms");
        link.close();
    }

    @Test
    void noFaultsPassEverythingInOrder() {
        Recorder inner = new Recorder();
        ImpairedBackend link = new ImpairedBackend(inner, LinkImpairment.parse("loss=0%"));
        for (int i = 0; i < 100; i++) link.send(frame(i));
        assertEquals(java.util.stream.IntStream.range(0, 100).boxed().toList(), inner.sent);
    }

    @Test
    void theSpecIsParsedStrictly() {
        assertEquals(new LinkImpairment(5, 25, 7), LinkImpairment.parse("loss=5%,reorder=25%,seed=7"));
        assertEquals(new LinkImpairment(2.5, 0, 1), LinkImpairment.parse("loss=2.5%"));
        for (String bad : new String[] {"", "loss=5", "reorder=5%", "loss=60%", "loss=5%,seed=x", "loss=5%;reorder=1%"}) {
            assertThrows(IllegalArgumentException.class, () -> LinkImpairment.parse(bad), bad);
        }
    }
}
