package dev.kernite.net;

import dev.kernite.abi.Status;
import dev.kernite.netstack.Link;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.net.FrameList;
import dev.kernite.runtime.net.NicClient;
import dev.kernite.runtime.net.NicProtocol;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The netstack's link to the NIC driver ({@link NicClient}). Transmit: the engine's frames are collected as it
 * makes them ({@link #send}) and go to the driver in batches when the loop {@link #flush}es, once per turn.
 * Receive: a thread of its own waits in the driver's RECV, copies each frame out of the receive buffer onto a
 * queue and, when the queue was empty, pokes the main loop ({@code wake}) — so the loop learns of frames in the
 * same {@code receive} as of requests. The queue is bounded: frames beyond {@link #MAX_QUEUED} are dropped and
 * counted, as a full NIC ring would.
 *
 * <p>Thread safety: {@link #send}, {@link #flush} and {@link #drain} are for the loop thread only; the receive
 * thread touches only the queue (lock-free) and the counters (atomic).
 */
final class NicLink implements Link {
    static final int MAX_QUEUED = 4096;
    private static final int TX_RETRIES = 200;

    private final NicClient nic;
    private final Runnable wake;
    private final List<byte[]> pending = new ArrayList<>();          // loop thread only
    private final FrameList txList = new FrameList(NicProtocol.MAX_BATCH);
    private final ConcurrentLinkedQueue<byte[]> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean poked = new java.util.concurrent.atomic.AtomicBoolean();
    final java.util.concurrent.atomic.AtomicLong rxDropped = new java.util.concurrent.atomic.AtomicLong();
    long txDropped;                                                  // loop thread only
    private volatile boolean closed;

    NicLink(NicClient nic, Runnable wake) {
        this.nic = nic;
        this.wake = wake;
    }

    @Override
    public void send(byte[] frame) { pending.add(frame); }

    /** Hands what the engine sent since the last flush to the driver; a queue full for long drops the rest. */
    void flush() {
        int next = 0, retries = 0;
        MemorySegment buf = nic.txBuffer();
        while (next < pending.size()) {
            txList.clear();
            long at = 0;
            for (int i = next; i < pending.size() && txList.count() < txList.capacity(); i++) {
                byte[] f = pending.get(i);
                if (at + f.length > buf.byteSize()) break;
                MemorySegment.copy(f, 0, buf, ValueLayout.JAVA_BYTE, at, f.length);
                txList.add((int) at, f.length);
                at += (f.length + 63) & ~63;
            }
            Result<Integer> taken = nic.send(txList);
            if (!taken.ok()) { // the driver restarted under the batch: those frames are lost, as on any wire
                txDropped += pending.size() - next;
                break;
            }
            next += taken.value();
            if (taken.value() < txList.count()) {
                if (++retries > TX_RETRIES) {
                    txDropped += pending.size() - next;
                    break;
                }
                Thread.yield(); // the device's transmit ring is full: let it drain
            }
        }
        pending.clear();
    }

    /** Feeds every queued frame to {@code into} (the loop thread). */
    void drain(java.util.function.Consumer<byte[]> into) {
        poked.set(false); // before polling: a frame added after this pokes again
        for (byte[] f = received.poll(); f != null; f = received.poll()) {
            queued.decrementAndGet();
            into.accept(f);
        }
    }

    /** Starts the receive thread. */
    void start() {
        Thread.ofPlatform().daemon().name("net-rx").start(this::receiveLoop);
    }

    private void receiveLoop() {
        FrameList frames = new FrameList(NicProtocol.MAX_BATCH);
        while (!closed) {
            Status s = nic.receive(frames, Duration.ofSeconds(1));
            if (s != Status.OK) {
                System.err.println("net: receive from the NIC driver: " + s);
                sleep();
                continue;
            }
            MemorySegment buf = nic.rxBuffer();
            for (int i = 0; i < frames.count(); i++) {
                if (queued.get() >= MAX_QUEUED) {
                    rxDropped.incrementAndGet();
                    continue;
                }
                received.add(buf.asSlice(frames.offset(i), frames.length(i)).toArray(ValueLayout.JAVA_BYTE));
                queued.incrementAndGet();
            }
            if (frames.count() > 0 && poked.compareAndSet(false, true)) wake.run();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        closed = true;
        nic.close();
    }
}
