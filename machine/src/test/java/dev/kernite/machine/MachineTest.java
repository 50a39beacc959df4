package dev.kernite.machine;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.MachineConfig;
import dev.kernite.kernel.device.MachineException;
import dev.kernite.machine.block.BlockDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider: which devices a configuration builds, and the clear refusals for images it cannot use. */
class MachineTest {
    @TempDir
    Path dir;

    @Test
    void noDiskNoDevices() throws Exception {
        assertEquals(List.of(), new Machine().create(MachineConfig.none()));
    }

    @Test
    void aMissingImageIsCreatedSparseWhenASizeIsGiven() throws Exception {
        Path image = dir.resolve("new.img");
        List<DeviceModel> devices = new Machine().create(MachineConfig.disk(image, 64L << 20));
        try {
            assertEquals(1, devices.size());
            DeviceModel d = devices.getFirst();
            assertEquals("blk0", d.name());
            assertEquals(2, d.deviceId());
            assertEquals(4096, d.registerBytes());
            assertEquals("block, 64 MiB, " + image, d.describe());
            assertEquals(64L << 20, Files.size(image));
            assertEquals(64L << 20 >> 9, ((BlockDevice) d).capacitySectors());
            assertTrue(allocatedBytes(image) < 1L << 20, "sparse: " + allocatedBytes(image) + " bytes allocated");
        } finally {
            devices.forEach(DeviceModel::close);
        }
    }

    @Test
    void anExistingImageIsUsedAsItIs() throws Exception {
        Path image = dir.resolve("old.img");
        Files.write(image, new byte[4096]);
        List<DeviceModel> devices = new Machine().create(MachineConfig.disk(image, 1L << 30));
        devices.forEach(DeviceModel::close);
        assertEquals(4096, Files.size(image), "an existing image is never resized");
    }

    @Test
    void aMissingImageWithoutASizeIsRefused() {
        MachineException e = refused(MachineConfig.disk(dir.resolve("missing.img"), 0));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing.img")));
    }

    @Test
    void aSizeThatIsNotWholeSectorsIsRefusedAtCreation() {
        MachineException e = refused(MachineConfig.disk(dir.resolve("odd.img"), 1000));
        assertTrue(e.getMessage().contains("multiple of 512"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("odd.img")));
    }

    @Test
    void anImageThatIsNotWholeSectorsIsRefused() throws Exception {
        Path image = dir.resolve("short.img");
        Files.write(image, new byte[1000]);
        MachineException e = refused(MachineConfig.disk(image, 0));
        assertTrue(e.getMessage().contains("1000 bytes") && e.getMessage().contains("multiple of 512"), e.getMessage());
        Files.write(image, new byte[0]);
        assertTrue(refused(MachineConfig.disk(image, 0)).getMessage().contains("0 bytes"));
    }

    @Test
    void aDirectoryIsRefused() {
        MachineException e = refused(MachineConfig.disk(dir, 0));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }


    /** The host's st_blocks of a file, in bytes (Java's file attributes do not expose it). */
    private static long allocatedBytes(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b*%B", file.toString()).redirectErrorStream(true).start();
        String[] out = new String(p.getInputStream().readAllBytes()).trim().split("\\*");
        assertEquals(0, p.waitFor(), String.join("*", out));
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    private static MachineException refused(MachineConfig config) {
        return assertThrows(MachineException.class, () -> new Machine().create(config));
    }
}
