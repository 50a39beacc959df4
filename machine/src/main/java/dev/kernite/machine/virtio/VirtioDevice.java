package dev.kernite.machine.virtio;

import static dev.kernite.abi.device.DeviceRegistersLayout.*;

import dev.kernite.kernel.device.DeviceBus;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transport half of every Kernite virtio device: one thread that owns the device's state, answers the
 * driver's status writes (feature negotiation, queue set-up, reset), takes requests off the queue and hands them
 * to the {@link VirtioBackend}, and raises interrupts. When idle it keeps looking for {@link #POLL_NANOS},
 * yielding its core between looks, then sleeps on the doorbell (see
 * {@link dev.kernite.abi.device.DeviceRegistersLayout} for the handshake).
 *
 * <p>State machine (virtio 1.x §3.1): the device accepts ACKNOWLEDGE and DRIVER as asked; FEATURES_OK only when
 * the driver accepted a subset of the offers including VERSION_1 (otherwise FEATURES_OK stays clear and the
 * driver must give up); DRIVER_OK only after FEATURES_OK, and then it checks and maps every queue the driver
 * made ready. A queue it cannot use, a ring broken later, or status bits cleared other than by a reset set
 * DEVICE_NEEDS_RESET and raise a configuration interrupt; from then on the device touches no driver memory until
 * the driver resets it (status 0). FAILED stops the device likewise. Requests taken before a reset and not
 * completed are simply never completed: the driver replays them.
 *
 * <p>No exception leaves the device thread. An unexpected one is a bug: it is counted, reported on stderr, and
 * handled like a broken queue, so the driver can reset and carry on.
 *
 * <p>Thread safety: {@link #start} and {@link #close} once each, from any thread; {@link #stats()} and
 * {@link #kick()} from any thread; everything else belongs to the device thread.
 */
public final class VirtioDevice implements AutoCloseable {
    private static final int DRIVER_BITS = ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK;
    /**
     * How long an idle device keeps polling its queue before it sleeps. A driver that rings a sleeping device pays
     * a futex wake and the device 3–20 µs to wake up, several times a whole 4 KiB request; polling with a yield
     * between looks (not spinning) leaves the core to the driver and its clients, which on a small machine share
     * it with the device (bench blk).
     */
    private static final long POLL_NANOS = 200_000;
    /** The longest single sleep; close() also wakes the thread directly. */
    private static final long SLEEP_NANOS = 100_000_000;

    /**
     * Transport counters.
     *
     * @param resets         resets the driver asked for
     * @param queueFaults    times the device set DEVICE_NEEDS_RESET because of the driver
     * @param internalErrors exceptions caught on the device thread (bugs)
     */
    public record Stats(long resets, long queueFaults, long internalErrors) {}

    private final String name;
    private final DeviceBus bus;
    private final VirtioBackend backend;
    private final Registers regs;
    private final Thread thread;
    private final AtomicLong resets = new AtomicLong(), queueFaults = new AtomicLong(), internalErrors = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastProblem;

    // Owned by the device thread.
    private int lastSeq;
    private int accepted;
    private int resetGeneration;
    private DeviceQueue[] queues; // null while the driver has not set DRIVER_OK

    private VirtioDevice(String name, DeviceBus bus, VirtioBackend backend) {
        this.name = name;
        this.bus = bus;
        this.backend = backend;
        this.regs = new Registers(bus.registers());
        this.thread = Thread.ofPlatform().name("machine-" + name).daemon().unstarted(this::run);
    }

    /** Publishes the device on its register page and starts its thread. */
    public static VirtioDevice start(String name, DeviceBus bus, VirtioBackend backend) {
        VirtioDevice d = new VirtioDevice(name, bus, backend);
        d.lastSeq = d.regs.statusSeq();
        d.publishIdentity();
        d.regs.publishDeviceStatus(0);
        d.thread.start();
        return d;
    }

    public Stats stats() { return new Stats(resets.get(), queueFaults.get(), internalErrors.get()); }

    /** Wakes the device thread for work that came from elsewhere than the driver (a frame from the wire). */
    public void kick() { regs.ring(); }

    /** Why the device last set DEVICE_NEEDS_RESET, or null: for diagnostics. */
    public String lastProblem() { return lastProblem; }

    /** Stops the device thread and waits for it; idempotent. */
    @Override
    public void close() {
        running = false;
        try {
            regs.wakeDevice();
        } catch (RuntimeException e) { // the register page is already gone: the thread notices within a slice
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void run() {
        while (running && regs.alive()) {
            try {
                if (!step()) idle();
            } catch (RuntimeException | Error e) {
                internalError(e);
                if (e instanceof Error) return;
            }
        }
    }

    /** One round of work; false when there was nothing to do. */
    private boolean step() {
        boolean worked = false;
        int seq = regs.statusSeq();
        if (seq != lastSeq) {
            lastSeq = seq;
            worked = true;
            try {
                onStatusWrite();
            } finally { // even after a bug: the driver must not wait for an acknowledgement in vain
                regs.acknowledge(seq);
            }
        }
        if (queues != null) worked |= serveQueues();
        return worked;
    }

    private boolean serveQueues() {
        boolean worked = backend.serve(queues);
        boolean wanted = false;
        for (DeviceQueue q : queues) {
            if (q == null) continue;
            if (q.broken()) {
                needsReset(q.brokenReason());
                return true;
            }
            if (q.takeCompleted() > 0 && q.wantsInterrupt()) wanted = true;
        }
        if (wanted) interrupt(INTERRUPT_USED_BUFFER);
        return worked;
    }

    private void idle() {
        long start = System.nanoTime();
        while (System.nanoTime() - start < POLL_NANOS) {
            if (hasWork()) return;
            Thread.yield();
        }
        int seen = regs.doorbell();
        regs.setSleeping(true);
        try {
            VarHandle.fullFence();
            if (!hasWork() && running) regs.sleep(seen, SLEEP_NANOS);
        } finally {
            regs.setSleeping(false);
        }
    }

    private boolean hasWork() {
        if (regs.statusSeq() != lastSeq) return true;
        if (queues == null) return false;
        for (DeviceQueue q : queues) if (q != null && q.broken()) return true;
        return backend.hasWork(queues);
    }

    private void onStatusWrite() {
        int asked = regs.status();
        if (asked == 0) {
            reset();
            return;
        }
        if ((accepted & (DEVICE_NEEDS_RESET | FAILED)) != 0) return; // only a reset leaves these states
        if ((asked & FAILED) != 0) {
            stopQueues();
            publishStatus(accepted | FAILED);
            return;
        }
        if ((accepted & ~asked & DRIVER_BITS) != 0) {
            needsReset("status bits cleared without a reset: asked " + asked + ", had " + accepted);
            return;
        }
        int next = accepted | (asked & (ACKNOWLEDGE | DRIVER));
        if ((asked & FEATURES_OK) != 0 && (next & FEATURES_OK) == 0 && featuresAcceptable(next)) next |= FEATURES_OK;
        if ((asked & DRIVER_OK) != 0 && (next & (FEATURES_OK | DRIVER_OK)) == FEATURES_OK) {
            if (!startQueues()) return;
            next |= DRIVER_OK;
            publishStatus(next);
            backend.started();
            return;
        }
        publishStatus(next);
    }

    /** FEATURES_OK needs DRIVER, VERSION_1 and nothing the device did not offer. */
    private boolean featuresAcceptable(int status) {
        long wanted = regs.driverFeatures();
        return (status & DRIVER) != 0 && (wanted & F_VERSION_1) != 0 && (wanted & ~backend.features()) == 0;
    }

    /** Takes every queue the driver made ready into use; false (and DEVICE_NEEDS_RESET) when one cannot be used. */
    private boolean startQueues() {
        DeviceQueue[] qs = new DeviceQueue[backend.queueCount()];
        for (int i = 0; i < qs.length; i++) {
            QueueConfig config = regs.queueConfig(i);
            if (config.ready() == 0) continue;
            String problem = config.problem(backend.limits().maxSize());
            DeviceQueue q = problem == null ? DeviceQueue.open(bus.dma(), config, backend.limits()) : null;
            if (q != null && q.broken()) problem = q.brokenReason();
            if (problem != null) {
                needsReset("queue " + i + ": " + problem);
                return false;
            }
            qs[i] = q;
        }
        queues = qs;
        return true;
    }

    private void stopQueues() {
        if (queues == null) return;
        queues = null;
        backend.stopped();
    }

    private void reset() {
        stopQueues();
        regs.clearInterruptStatus();
        publishIdentity();
        publishStatus(0);
        regs.publishResetGeneration(++resetGeneration);
        resets.incrementAndGet();
    }

    private void needsReset(String reason) {
        lastProblem = reason; // before the status: a driver that sees DEVICE_NEEDS_RESET may ask why at once
        stopQueues();
        queueFaults.incrementAndGet();
        lastProblem = reason; // before the status: whoever sees DEVICE_NEEDS_RESET can read why
        publishStatus(accepted | DEVICE_NEEDS_RESET);
        interrupt(INTERRUPT_CONFIG_CHANGE);
    }

    private void publishIdentity() {
        backend.writeConfig(regs.page());
        regs.publishIdentity(backend.deviceId(), backend.features(), backend.limits().maxSize(), backend.queueCount());
    }

    private void publishStatus(int status) {
        accepted = status;
        regs.publishDeviceStatus(status);
    }

    private void interrupt(int bits) {
        regs.raiseInterruptStatus(bits);
        bus.interrupt(bits);
    }

    private void internalError(Throwable e) {
        if (!regs.alive()) return; // the register region was taken away: the loop ends
        internalErrors.incrementAndGet();
        System.err.println("machine: " + name + ": BUG on the device thread:");
        e.printStackTrace();
        try {
            needsReset("internal error: " + e);
        } catch (RuntimeException again) { // the register page itself is unusable: nothing more to do
        }
    }
}
