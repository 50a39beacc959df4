package dev.kernite.machine.net;

import static dev.kernite.abi.device.DeviceRegistersLayout.DEVICE_ID_NET;
import static dev.kernite.abi.device.DeviceRegistersLayout.F_VERSION_1;
import static dev.kernite.abi.device.NetLayout.*;

import dev.kernite.machine.virtio.Chain;
import dev.kernite.machine.virtio.DeviceQueue;
import dev.kernite.machine.virtio.QueueLimits;
import dev.kernite.machine.virtio.Segments;
import dev.kernite.machine.virtio.VirtioBackend;
import dev.kernite.machine.virtio.VirtioDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The network device's work on its two queues (virtio-net, {@link dev.kernite.abi.device.NetLayout}).
 *
 * <p><b>Transmit</b>: each chain is the 12-byte header and one frame, all device-readable; the frame goes to the
 * backend straight from the driver's memory when it lies in one buffer (else gathered into a scratch buffer), and
 * the chain comes back with used length 0. A chain with a fault, a device-writable or IOMMU-refused buffer, a
 * header with offloads asked for, or a frame shorter than an Ethernet header or longer than the MTU allows is
 * counted and returned unsent.
 *
 * <p><b>Receive</b>: frames from the backend wait in a {@link FrameFifo}; for each, the device takes the driver's
 * next receive chain, writes the header ({@code num_buffers} 1) and the frame, and returns the chain with their
 * length. A frame waits while no chain is posted; one that finds the FIFO full is dropped (rxNoBuffer), and so is
 * every frame while no driver has the device running (rxDown). A receive chain that is malformed, refused by the
 * IOMMU, or too small for the frame comes back with used length 0 and the frame is dropped (rxBadChain).
 * Available receive chains alone are not work: the device sleeps until a frame or the doorbell comes.
 *
 * <p>Thread safety: {@link #receive} from the backend's thread (any); everything else on the device thread.
 */
final class NetQueues implements VirtioBackend {
    static final int QUEUE_MAX = 256;
    /**
     * The FIFO holds about this many bytes of frames (a power of two of them, 16 to {@link #FIFO_FRAMES}): as much
     * as a TCP receive window of the netstack (4 MiB), so a sender's burst up to the window waits here for receive
     * buffers instead of being dropped (without SACK, a burst of losses costs a TCP flow seconds).
     */
    static final int FIFO_BYTES = 4 << 20;
    static final int FIFO_FRAMES = 4096;
    private static final QueueLimits LIMITS = new QueueLimits(QUEUE_MAX, 16, 1 << 16);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final byte[] mac;
    private final int mtu;
    private final int maxFrame;
    private final byte[] provisioning; // the 16 bytes at IPV4_OFFSET
    private final NetBackend backend;
    private final NetCounters counters;
    private final FrameFifo fifo;
    private final MemorySegment scratch = Arena.ofAuto().allocate(1 << 16, 64); // gathered transmit frames
    private final MemorySegment rxHeader = MemorySegment.ofArray(new byte[HEADER_SIZE]);
    private volatile VirtioDevice device;
    private volatile boolean running; // the driver has the device running: frames are taken in

    NetQueues(byte[] mac, int mtu, byte[] provisioning, NetBackend backend, NetCounters counters) {
        this.mac = mac.clone();
        this.mtu = mtu;
        this.maxFrame = maxFrame(mtu);
        this.provisioning = provisioning.clone();
        this.backend = backend;
        this.counters = counters;
        this.fifo = new FrameFifo(fifoFrames(maxFrame), maxFrame);
        rxHeader.set(U16, HDR_NUM_BUFFERS, (short) 1);
    }

    /** How many frames of {@code maxFrame} bytes the FIFO holds: a power of two, 16 to {@link #FIFO_FRAMES}. */
    static int fifoFrames(int maxFrame) {
        return Math.max(16, Math.min(FIFO_FRAMES, Integer.highestOneBit(FIFO_BYTES / maxFrame)));
    }

    void attached(VirtioDevice d) { device = d; }

    /** A frame from the backend: into the FIFO, and the device thread is woken. */
    void receive(MemorySegment frame) {
        if (!running) counters.rxDown.incrementAndGet();
        else if (frame.byteSize() > maxFrame || frame.byteSize() < ETH_HEADER) counters.rxOversize.incrementAndGet();
        else if (!fifo.offer(frame)) counters.rxNoBuffer.incrementAndGet();
        else {
            VirtioDevice d = device;
            if (d != null) d.kick();
        }
    }

    @Override
    public int deviceId() { return DEVICE_ID_NET; }

    @Override
    public long features() { return F_VERSION_1 | F_MAC | F_MTU | F_STATUS; }

    @Override
    public QueueLimits limits() { return LIMITS; }

    @Override
    public int queueCount() { return NUM_QUEUES; }

    @Override
    public void writeConfig(MemorySegment registers) {
        MemorySegment.copy(mac, 0, registers, ValueLayout.JAVA_BYTE, MAC_OFFSET, MAC_BYTES);
        registers.set(U16, STATUS_OFFSET, (short) (backend.linkUp() ? S_LINK_UP : 0));
        registers.set(U16, MAX_PAIRS_OFFSET, (short) 1);
        registers.set(U16, MTU_OFFSET, (short) mtu);
        MemorySegment.copy(provisioning, 0, registers, ValueLayout.JAVA_BYTE, IPV4_OFFSET, provisioning.length);
    }

    @Override
    public boolean serve(DeviceQueue[] queues) {
        boolean worked = false;
        DeviceQueue tx = queues[TX_QUEUE], rx = queues[RX_QUEUE];
        Chain c;
        for (int i = 0; tx != null && i < BATCH && (c = tx.next()) != null; i++) {
            transmit(c);
            tx.complete(c.head(), 0);
            worked = true;
        }
        MemorySegment frame;
        for (int i = 0; rx != null && i < BATCH && (frame = fifo.peek()) != null; i++) {
            if ((c = rx.next()) == null) break;
            rx.complete(c.head(), deliver(c, frame));
            fifo.pop();
            worked = true;
        }
        return worked;
    }

    @Override
    public boolean hasWork(DeviceQueue[] queues) {
        DeviceQueue tx = queues[TX_QUEUE], rx = queues[RX_QUEUE];
        return tx != null && tx.hasAvailable() || rx != null && !fifo.isEmpty() && rx.hasAvailable();
    }

    @Override
    public void started() { running = true; }

    @Override
    public void stopped() {
        running = false;
        counters.rxDown.addAndGet(fifo.clear());
    }

    private void transmit(Chain c) {
        List<MemorySegment> bufs = c.readableOnly();
        try {
            long total = bufs == null ? 0 : Segments.total(bufs);
            if (bufs == null || total < HEADER_SIZE + ETH_HEADER || total > HEADER_SIZE + maxFrame || !plainHeader(bufs)) {
                counters.txBadChain.incrementAndGet();
                return;
            }
            long len = total - HEADER_SIZE;
            MemorySegment frame;
            if (bufs.getFirst().byteSize() == total) frame = bufs.getFirst().asSlice(HEADER_SIZE);
            else if (bufs.size() == 2 && bufs.getFirst().byteSize() == HEADER_SIZE) frame = bufs.get(1);
            else {
                frame = scratch.asSlice(0, len);
                Segments.copyOut(bufs, HEADER_SIZE, frame);
            }
            if (backend.send(frame)) {
                counters.txFrames.incrementAndGet();
                counters.txBytes.addAndGet(len);
            } else {
                counters.txBackendDrops.incrementAndGet();
            }
        } catch (IllegalStateException e) { // the driver's memory vanished under the device
            counters.txBadChain.incrementAndGet();
        }
    }

    /** No offloads were negotiated: flags and gso_type must be 0. */
    private static boolean plainHeader(List<MemorySegment> bufs) {
        byte[] h = new byte[2];
        Segments.copyOut(bufs, h);
        return h[0] == 0 && h[1] == 0;
    }

    /** Writes header and frame into a receive chain; returns the used length (0 when the chain is unusable). */
    private int deliver(Chain c, MemorySegment frame) {
        List<MemorySegment> bufs = c.writableOnly();
        try {
            if (bufs == null || Segments.total(bufs) < HEADER_SIZE + frame.byteSize()) {
                counters.rxBadChain.incrementAndGet();
                return 0;
            }
            Segments.copyIn(rxHeader, bufs, 0);
            Segments.copyIn(frame, bufs, HEADER_SIZE);
            counters.rxFrames.incrementAndGet();
            counters.rxBytes.addAndGet(frame.byteSize());
            return (int) (HEADER_SIZE + frame.byteSize());
        } catch (IllegalStateException e) { // the driver's memory vanished under the device
            counters.rxBadChain.incrementAndGet();
            return 0;
        }
    }
}
