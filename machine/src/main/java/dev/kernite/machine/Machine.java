package dev.kernite.machine;

import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.DeviceProvider;
import dev.kernite.kernel.device.MachineConfig;
import dev.kernite.kernel.device.MachineException;
import dev.kernite.kernel.device.NetConfig;
import dev.kernite.machine.block.BlockDevice;
import dev.kernite.machine.block.DiskImage;
import dev.kernite.machine.net.ImpairedBackend;
import dev.kernite.machine.net.NetBackend;
import dev.kernite.machine.net.NetDevice;
import dev.kernite.machine.net.TapBackend;
import dev.kernite.machine.net.WireBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's device provider: builds the devices a {@link MachineConfig} asks for — at most one block device,
 * {@value #BLOCK_NAME}, on the configured disk image, and at most one network device, {@value #NET_NAME}, on a
 * TAP device or a loopback wire.
 *
 * <p>Thread safety: stateless.
 */
public final class Machine implements DeviceProvider {
    public static final String BLOCK_NAME = "blk0";
    public static final String NET_NAME = "net0";

    @Override
    public List<DeviceModel> create(MachineConfig config) throws MachineException {
        List<DeviceModel> out = new ArrayList<>();
        if (config.disk() != null) {
            DiskImage image = DiskImage.open(config.disk(), config.createDiskBytes());
            out.add(new BlockDevice(BLOCK_NAME, image, "kernite-" + BLOCK_NAME));
        }
        NetConfig net = config.net();
        NetBackend backend = switch (net.mode()) {
            case NONE -> null;
            case LOOP -> WireBackend.loopback();
            case TAP -> {
                try {
                    yield TapBackend.create(net.tapName(), net.hostAddress(), net.mtu());
                } catch (MachineException e) {
                    for (DeviceModel m : out) m.close();
                    throw e;
                }
            }
        };
        if (backend != null && net.impairment().any()) backend = new ImpairedBackend(backend, net.impairment());
        if (backend != null) {
            out.add(new NetDevice(NET_NAME, NetDevice.kerniteMac(0), net.mtu(),
                NetDevice.Provisioning.of(net.address(), net.hostAddress()), backend));
        }
        return out;
    }
}
