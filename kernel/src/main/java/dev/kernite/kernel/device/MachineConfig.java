package dev.kernite.kernel.device;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the machine is built at boot.
 *
 * @param disk the block device's image file, or {@code null} for none
 * @param createDiskBytes when the image does not exist, create it with this many bytes (0: never create)
 * @param net the network device
 */
public record MachineConfig(Path disk, long createDiskBytes, NetConfig net) {
    public MachineConfig {
        if (createDiskBytes < 0) throw new IllegalArgumentException("createDiskBytes < 0");
        Objects.requireNonNull(net);
    }

    public MachineConfig(Path disk, long createDiskBytes) { this(disk, createDiskBytes, NetConfig.none()); }

    public static MachineConfig none() { return new MachineConfig(null, 0); }

    public static MachineConfig disk(Path image, long createBytes) {
        return new MachineConfig(Objects.requireNonNull(image), createBytes);
    }

    public MachineConfig withNet(NetConfig n) { return new MachineConfig(disk, createDiskBytes, n); }
}
