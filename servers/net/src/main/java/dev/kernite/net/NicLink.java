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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The netstack's link to the NIC driver ({@link NicClient}). Transmit: the engine's frames are collected as it
 * makes them ({@link #send}); when the loop {@link #flush}es, once per turn, they go onto a queue for a transmit
 * thread of the link's own, which hands them to the driver in batches (SEND). The loop never waits for the
 * driver: a SEND is a round trip to another process, and on a busy 2-vCPU host each one took 0.1–2 ms of the
 * loop's turn (measured with timers around it), time in which no frame was taken in and no socket answered.
 * Receive: a thread of its own waits in the driver's RECV, copies each frame out of the receive buffer onto a
 * queue and, when the queue was empty, pokes the main loop ({@code wake}) — so the loop learns of frames in the
 * same {@code receive} as of requests. Both queues are bounded, by {@link #MAX_QUEUED} frames and
 * {@link #MAX_QUEUED_BYTES} (64 KiB frames would otherwise let 4096 of them outgrow the heap): frames beyond are
 * dropped and counted, as a full NIC ring would.
 *
 * <p>Thread safety: {@link #send}, {@link #flush} and {@link #drain} are for the loop thread only; the receive and
 * transmit threads touch only their queues (lock-free) and the counters (atomic).
 */
final class NicLink implements Link {
    static final int MAX_QUEUED = 4096;
    /** Twice a TCP window of the engine, so a window's burst is queued, not dropped. */
    static final long MAX_QUEUED_BYTES = 8 << 20;
    private static final int TX_RETRIES = 200;

    private final NicClient nic;
    private final Runnable wake;
    private final List<byte[]> pending = new ArrayList<>();          // loop thread only
    private final FrameList txList = new FrameList(NicProtocol.MAX_BATCH); // transmit thread only
    private final FrameQueue toSend = new FrameQueue();
    private final FrameQueue received = new FrameQueue();
    private final AtomicBoolean poked = new AtomicBoolean();
    final AtomicLong rxDropped = new AtomicLong();
    final AtomicLong txDropped = new AtomicLong();
    private volatile boolean closed;
    private Thread transmitter;

    NicLink(NicClient nic, Runnable wake) {
        this.nic = nic;
        this.wake = wake;
    }

    @Override
    public void send(byte[] frame) { pending.add(frame); }

    /** Queues what the engine sent since the last flush for the transmit thread; a full queue drops the rest. */
    void flush() {
        if (pending.isEmpty()) return;
        for (byte[] f : pending) if (!toSend.offer(f)) txDropped.incrementAndGet();
        pending.clear();
        LockSupport.unpark(transmitter);
    }

    /** The transmit thread: takes the queued frames in batches and hands each batch to the driver. */
    private void transmitLoop() {
        List<byte[]> batch = new ArrayList<>();
        while (!closed) {
            for (byte[] f = toSend.poll(); f != null; f = toSend.poll()) batch.add(f);
            if (batch.isEmpty()) {
                LockSupport.park(this); // flush unparks; a stale permit only costs a look at an empty queue
                continue;
            }
            transmit(batch);
            batch.clear();
        }
    }

    /** Hands {@code frames} to the driver, a buffer's worth at a time; a transmit queue full for long drops the rest. */
    private void transmit(List<byte[]> frames) {
        int next = 0, retries = 0;
        MemorySegment buf = nic.txBuffer();
        while (next < frames.size()) {
            txList.clear();
            long at = 0;
            for (int i = next; i < frames.size() && txList.count() < txList.capacity(); i++) {
                byte[] f = frames.get(i);
                if (at + f.length > buf.byteSize()) break;
                MemorySegment.copy(f, 0, buf, ValueLayout.JAVA_BYTE, at, f.length);
                txList.add((int) at, f.length);
                at += (f.length + 63) & ~63;
            }
            Result<Integer> taken = nic.send(txList);
            if (!taken.ok()) { // the driver restarted under the batch: those frames are lost, as on any wire
                txDropped.addAndGet(frames.size() - next);
                return;
            }
            next += taken.value();
            if (taken.value() < txList.count()) {
                if (++retries > TX_RETRIES) {
                    txDropped.addAndGet(frames.size() - next);
                    return;
                }
                Thread.yield(); // the device's transmit ring is full: let it drain
            }
        }
    }

    /** Feeds every queued frame to {@code into} (the loop thread). */
    void drain(java.util.function.Consumer<byte[]> into) {
        poked.set(false); // before polling: a frame added after this pokes again
        for (byte[] f = received.poll(); f != null; f = received.poll()) into.accept(f);
    }

    /** Starts the receive and transmit threads. */
    void start() {
        Thread.ofPlatform().daemon().name("net-rx").start(this::receiveLoop);
        transmitter = Thread.ofPlatform().daemon().name("net-tx").start(this::transmitLoop);
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
                if (!received.hasRoomFor(frames.length(i)) // checked before copying: a frame that will be dropped is not copied
                    || !received.offer(buf.asSlice(frames.offset(i), frames.length(i)).toArray(ValueLayout.JAVA_BYTE))) {
                    rxDropped.incrementAndGet();
                }
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

    /**
     * A lock-free frame queue bounded by {@link #MAX_QUEUED} frames and {@link #MAX_QUEUED_BYTES}, for one producer
     * thread and one consumer thread: only the producer adds, so a bound it checked still holds when it adds.
     */
    private static final class FrameQueue {
        private final ConcurrentLinkedQueue<byte[]> frames = new ConcurrentLinkedQueue<>();
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();

        boolean hasRoomFor(int length) { return count.get() < MAX_QUEUED && bytes.get() + length <= MAX_QUEUED_BYTES; }

        /** Queues {@code f}; false (not queued) when it would pass a bound. */
        boolean offer(byte[] f) {
            if (!hasRoomFor(f.length)) return false;
            count.incrementAndGet();
            bytes.addAndGet(f.length);
            frames.add(f);
            return true;
        }

        byte[] poll() {
            byte[] f = frames.poll();
            if (f != null) {
                count.decrementAndGet();
                bytes.addAndGet(-f.length);
            }
            return f;
        }
    }

    void close() {
        closed = true;
        LockSupport.unpark(transmitter);
        nic.close();
    }
}
