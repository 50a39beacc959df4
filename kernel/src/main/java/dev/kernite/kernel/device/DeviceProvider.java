package dev.kernite.kernel.device;

import java.util.List;

/**
 * The machine, as the kernel sees it at boot: a provider (found with {@link java.util.ServiceLoader}) that
 * builds the device models for a configuration. The kernel depends on this interface only, never on a model.
 *
 * <p>Thread safety: called once, at boot.
 */
public interface DeviceProvider {
    /**
     * Builds this provider's devices.
     *
     * @throws MachineException when the configuration cannot be honoured (an unreadable disk image, say); the
     *     message says what to do
     */
    List<DeviceModel> create(MachineConfig config) throws MachineException;
}
