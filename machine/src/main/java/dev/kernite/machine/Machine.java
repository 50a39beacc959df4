package dev.kernite.machine;

import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.DeviceProvider;
import dev.kernite.kernel.device.MachineConfig;
import dev.kernite.kernel.device.MachineException;
import dev.kernite.machine.block.BlockDevice;
import dev.kernite.machine.block.DiskImage;
import java.util.List;

/**
 * The machine's device provider: builds the devices a {@link MachineConfig} asks for. Today that is at most one
 * block device, {@value #BLOCK_NAME}, on the configured disk image.
 *
 * <p>Thread safety: stateless.
 */
public final class Machine implements DeviceProvider {
    public static final String BLOCK_NAME = "blk0";

    @Override
    public List<DeviceModel> create(MachineConfig config) throws MachineException {
        if (config.disk() == null) return List.of();
        DiskImage image = DiskImage.open(config.disk(), config.createDiskBytes());
        return List.of(new BlockDevice(BLOCK_NAME, image, "kernite-" + BLOCK_NAME));
    }
}
