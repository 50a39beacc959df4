package dev.kernite.machine.net;

import java.lang.foreign.MemorySegment;

/**
 * An in-memory Ethernet wire: a frame one end sends is received by the other end ({@link #pair()}), or by the
 * same end ({@link #loopback()}: a loopback plug). Two {@link NetDevice}s joined so — in one kernel or in two
 * kernels of one JVM — talk without root and without the host's network. Like a cable it has no buffer of its
 * own: a frame sent while the far end is not listening (not started, closed) is dropped.
 *
 * <p>Thread safety: thread-safe; {@link #send} runs on the sending device's thread and calls the far end's sink
 * there.
 */
public final class WireBackend implements NetBackend {
    private final String label;
    private volatile WireBackend peer;
    private volatile FrameSink sink;
    private volatile boolean closed;

    private WireBackend(String label) { this.label = label; }

    /** Two ends of one wire. */
    public static WireBackend[] pair() {
        WireBackend a = new WireBackend("wire end A"), b = new WireBackend("wire end B");
        a.peer = b;
        b.peer = a;
        return new WireBackend[] {a, b};
    }

    /** One end whose frames come back to itself. */
    public static WireBackend loopback() {
        WireBackend w = new WireBackend("loopback wire");
        w.peer = w;
        return w;
    }

    @Override
    public void start(FrameSink sink) { this.sink = sink; }

    @Override
    public boolean send(MemorySegment frame) {
        WireBackend far = peer;
        FrameSink s = far == null || far.closed || closed ? null : far.sink;
        if (s == null) return false;
        s.receive(frame);
        return true;
    }

    @Override
    public boolean linkUp() { return true; }

    @Override
    public String describe() { return label; }

    @Override
    public void close() {
        closed = true;
        sink = null;
    }
}
