package dev.kernite.machine;

import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.DeviceProvider;
import dev.kernite.kernel.device.MachineConfig;
import java.util.List;

/**
 * The machine's device provider: builds the devices a {@link MachineConfig} asks for.
 *
 * <p>Thread safety: stateless.
 */
public final class Machine implements DeviceProvider {
    @Override
    public List<DeviceModel> create(MachineConfig config) {
        return List.of();
    }
}
