package dev.kernite.net;

import java.lang.foreign.MemorySegment;

/**
 * Who made a request: the process (from the kernel-stamped badge), the channel, and the buffer it attached on that
 * channel (null before ATTACH).
 *
 * <p>Thread safety: immutable (the buffer's bytes are the client's to change at any time: read once, then check).
 */
record Caller(int pid, int channel, MemorySegment buffer) {}
