package dev.kernite.machine.block;

import dev.kernite.abi.device.BlkRequestLayout;
import dev.kernite.abi.device.DeviceRegistersLayout;
import dev.kernite.kernel.device.DeviceBus;
import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.machine.virtio.VirtioDevice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A virtio-style block device on a {@link DiskImage}: the transport is a {@link VirtioDevice}, the requests are
 * carried out by {@link BlockBackend}. Offers VERSION_1, FLUSH, BLK_SIZE, SEG_MAX and SIZE_MAX (and RO for a
 * read-only image).
 *
 * <p>Thread safety: {@link #attach} and {@link #close} once each, in that order (as {@link DeviceModel} says);
 * {@link #stats()} and the accessors from any thread.
 */
public final class BlockDevice implements DeviceModel {
    private final String name;
    private final DiskImage image;
    private final BlockCounters counters = new BlockCounters();
    private final BlockBackend backend;
    private volatile VirtioDevice device;
    private boolean closed; // guarded by this

    /**
     * @param serial the device id GET_ID reports; its UTF-8 form is cut to {@link BlkRequestLayout#ID_BYTES}
     */
    public BlockDevice(String name, DiskImage image, String serial) {
        this.name = Objects.requireNonNull(name);
        this.image = Objects.requireNonNull(image);
        byte[] id = Arrays.copyOf(serial.getBytes(StandardCharsets.UTF_8), BlkRequestLayout.ID_BYTES);
        this.backend = new BlockBackend(image.channel(), image.sectors(), image.readOnly(), id, counters);
    }

    @Override
    public String name() { return name; }

    @Override
    public int deviceId() { return DeviceRegistersLayout.DEVICE_ID_BLOCK; }

    @Override
    public long registerBytes() { return DeviceRegistersLayout.SIZE; }

    @Override
    public String describe() {
        long bytes = image.sectors() * BlkRequestLayout.SECTOR_SIZE;
        String size = bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes + " bytes";
        return "block, " + size + ", " + image.path() + (image.readOnly() ? ", read-only" : "");
    }

    public long capacitySectors() { return image.sectors(); }

    public boolean readOnly() { return image.readOnly(); }

    @Override
    public synchronized void attach(DeviceBus bus) {
        if (closed || device != null) throw new IllegalStateException(name + " is already attached or closed");
        device = VirtioDevice.start(name, bus, backend);
    }

    /** What the device has done so far. */
    public BlockStats stats() {
        VirtioDevice d = device;
        return counters.snapshot(d == null ? new VirtioDevice.Stats(0, 0, 0) : d.stats());
    }

    /** Why the device last asked for a reset (DEVICE_NEEDS_RESET), or null: for diagnostics. */
    public String lastProblem() {
        VirtioDevice d = device;
        return d == null ? null : d.lastProblem();
    }

    /** Stops the device thread, then flushes and closes the image. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (device != null) device.close();
        image.close();
    }
}
