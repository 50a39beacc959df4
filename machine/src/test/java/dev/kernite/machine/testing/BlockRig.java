package dev.kernite.machine.testing;

import dev.kernite.kernel.device.MachineException;
import dev.kernite.machine.block.BlockDevice;
import dev.kernite.machine.block.DiskImage;
import java.nio.file.Path;

/**
 * A block device on a temporary image, attached to a {@link FakeBus}, with a {@link TestBlockDriver} brought
 * up against it. Closing it stops the driver, the device and the bus, in that order.
 *
 * <p>Thread safety: the fields are safe to share; close once.
 */
public final class BlockRig implements AutoCloseable {
    public static final int QUEUE_SIZE = 64;
    public static final int SLOTS = 16;
    public static final int MAX_DATA = 256 * 1024;

    public final Path image;
    public final FakeBus bus;
    public final BlockDevice device;
    public final TestBlockDriver driver;

    private BlockRig(Path image, FakeBus bus, BlockDevice device, TestBlockDriver driver) {
        this.image = image;
        this.bus = bus;
        this.device = device;
        this.driver = driver;
    }

    /** A fresh sparse image of {@code bytes} in {@code dir}, with the driver brought up. */
    public static BlockRig start(Path dir, long bytes) throws MachineException {
        return attach(DiskImage.open(dir.resolve("disk.img"), bytes));
    }

    /** A device on {@code image}, with the driver brought up. */
    public static BlockRig attach(DiskImage image) {
        FakeBus bus = new FakeBus();
        BlockDevice device = new BlockDevice("blk0", image, "kernite-blk0");
        device.attach(bus);
        TestBlockDriver driver = new TestBlockDriver(bus, QUEUE_SIZE, SLOTS, MAX_DATA);
        BlockRig rig = new BlockRig(image.path(), bus, device, driver);
        try {
            driver.bringUp();
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            device.close();
            bus.close();
        }
    }
}
