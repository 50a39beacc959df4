package dev.kernite.kernel.device;

/**
 * One device of the machine — a backend such as a block device on an image file. The kernel creates the
 * register region and interrupt line, then {@link #attach attaches} the model; from then on the model runs on
 * its own threads and talks to its driver only through the {@link DeviceBus}.
 *
 * <p>Thread safety: {@link #attach} and {@link #close} are called once each by the kernel, in that order.
 */
public interface DeviceModel extends AutoCloseable {
    /** The device's name in the machine, unique, for example {@code blk0}. */
    String name();

    /** The device class, as in virtio: 2 for block, 1 for network. */
    int deviceId();

    /** Bytes of register region the model needs (a multiple of 4096). */
    long registerBytes();

    /** One line for humans: {@code "block, 64 MiB, /path/disk.img"}. */
    String describe();

    /** Starts the model against its bus. */
    void attach(DeviceBus bus);

    /** Stops the model's threads and flushes and closes its backing store. */
    @Override
    void close();
}
