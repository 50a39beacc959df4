package dev.kernite.machine.net;

import java.lang.foreign.MemorySegment;

/**
 * Where a {@link NetDevice}'s frames go and come from: a Linux TAP device ({@link TapBackend}) or an in-memory
 * Ethernet wire to another device ({@link WireBackend}). Frames are whole Ethernet frames without the virtio
 * header.
 *
 * <p>Thread safety: {@link #send} is called by the device thread only; {@link #start} and {@link #close} once
 * each, in that order; the backend calls its sink from a thread of its own (or a peer's device thread).
 */
public interface NetBackend extends AutoCloseable {
    /** Receives frames from the backend; must copy what it keeps (the memory is the backend's). */
    @FunctionalInterface
    interface FrameSink {
        void receive(MemorySegment frame);
    }

    /** Starts delivering received frames to {@code sink}. */
    void start(FrameSink sink);

    /** Sends one frame; false when the backend dropped it (no room, nobody listening). */
    boolean send(MemorySegment frame);

    /** Whether the link is up (reported in the device's configuration). */
    boolean linkUp();

    /** One line for humans: {@code "tap kernite0, host 10.77.0.1/24"}. */
    String describe();

    /** Stops delivering and releases what the backend holds (the TAP device is removed). Idempotent. */
    @Override
    void close();
}
