package dev.kernite.machine.block;

import static dev.kernite.abi.device.BlkRequestLayout.*;
import static dev.kernite.abi.device.DeviceRegistersLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.machine.testing.BlockRig;
import dev.kernite.machine.testing.TestBlockDriver.Completion;
import dev.kernite.runtime.device.BlockConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real block device driven by the real driver library: bring-up, every request type, and the edges. */
class BlockDeviceTest {
    private static final long DISK_BYTES = 8L << 20;
    private static final long SECTORS = DISK_BYTES / SECTOR_SIZE;

    @TempDir
    Path dir;
    private BlockRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) rig.close();
    }

    @Test
    void bringUpAgreesOnFeaturesAndPublishesTheConfiguration() throws Exception {
        rig = BlockRig.start(dir, DISK_BYTES);
        long offered = rig.driver.registers().deviceFeatures();
        assertEquals(F_VERSION_1 | F_FLUSH | F_BLK_SIZE | F_SEG_MAX | F_SIZE_MAX, offered);
        assertEquals(offered, rig.driver.features());
        assertEquals(ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK, rig.driver.registers().status());
        BlockConfig c = rig.driver.registers().blockConfig();
        assertEquals(new BlockConfig(SECTORS, BlockBackend.SIZE_MAX, BlockBackend.SEG_MAX, SECTOR_SIZE, false), c);
        assertEquals(BlockBackend.QUEUE_MAX, rig.driver.registers().queueMaxSize());
        assertEquals("block, 8 MiB, " + rig.image + "", rig.device.describe());
    }

    @Test
    void writtenDataReadsBackAndLandsAtItsSectorInTheImage() throws Exception {
        rig = BlockRig.start(dir, DISK_BYTES);
        byte[] data = random(64 * 1024, 1);
        assertEquals(new Completion(S_OK, 1), rig.driver.write(100, data));
        byte[] back = new byte[data.length];
        assertEquals(new Completion(S_OK, data.length + 1), rig.driver.read(100, back));
        assertEquals(crc(data), crc(back));
        assertEquals(new Completion(S_OK, 1), rig.driver.flush());
        assertEquals(crc(data), crc(readImage(100 * SECTOR_SIZE, data.length)));
    }

    @Test
    void theLastSectorIsReachableAndOneBeyondIsAnIoError() throws Exception {
        rig = BlockRig.start(dir, DISK_BYTES);
        byte[] sector = random(SECTOR_SIZE, 2);
        assertEquals(S_OK, rig.driver.write(SECTORS - 1, sector).status());
        assertEquals(S_IOERR, rig.driver.write(SECTORS, sector).status());
        assertEquals(S_IOERR, rig.driver.read(SECTORS - 1, new byte[2 * SECTOR_SIZE]).status());
        assertEquals(S_IOERR, rig.driver.read(-1, new byte[SECTOR_SIZE]).status(), "sector 2^64-1");
        assertEquals(S_IOERR, rig.driver.read(Long.MAX_VALUE, new byte[SECTOR_SIZE]).status());
        assertEquals(S_IOERR, rig.driver.read(0, new byte[100]).status(), "not whole sectors");
        assertEquals(S_IOERR, rig.driver.read(0, new byte[0]).status(), "no data");
        byte[] back = new byte[SECTOR_SIZE];
        assertEquals(S_OK, rig.driver.read(SECTORS - 1, back).status());
        assertArrayEquals(sector, back);
    }

    @Test
    void getIdReturnsTheSerialAndUnknownTypesAreUnsupported() throws Exception {
        rig = BlockRig.start(dir, DISK_BYTES);
        byte[] id = new byte[ID_BYTES];
        assertEquals(new Completion(S_OK, ID_BYTES + 1), rig.driver.getId(id));
        assertEquals("kernite-blk0", new String(id, StandardCharsets.UTF_8).replace("\0", ""));
        byte[] shortId = new byte[4];
        assertEquals(new Completion(S_OK, 5), rig.driver.getId(shortId));
        assertEquals("kern", new String(shortId, StandardCharsets.UTF_8));
        assertEquals(S_UNSUPP, rig.driver.request(99, 0, null, new byte[SECTOR_SIZE]).status());
        assertEquals(S_UNSUPP, rig.driver.request(T_GET_ID + 1, 0, null, null).status());
    }

    @Test
    void statisticsCountRequestsBytesAndErrorsPerType() throws Exception {
        rig = BlockRig.start(dir, DISK_BYTES);
        rig.driver.write(0, new byte[4096]);
        rig.driver.read(0, new byte[1024]);
        rig.driver.read(SECTORS, new byte[512]);
        rig.driver.flush();
        rig.driver.getId(new byte[ID_BYTES]);
        rig.driver.request(42, 0, null, null);
        BlockStats s = rig.device.stats();
        assertEquals(new BlockStats.Counter(1, 4096, 0), s.out());
        assertEquals(new BlockStats.Counter(2, 1024, 1), s.in());
        assertEquals(new BlockStats.Counter(1, 0, 0), s.flush());
        assertEquals(new BlockStats.Counter(1, 0, 0), s.getId());
        assertEquals(new BlockStats.Counter(1, 0, 1), s.unsupported());
        assertEquals(0, s.malformed());
        assertEquals(1, s.resets(), "the bring-up's reset");
        assertEquals(0, s.internalErrors());
    }

    @Test
    void aReadOnlyImageOffersRoAndRefusesWrites() throws Exception {
        Path image = dir.resolve("ro.img");
        Files.write(image, random(SECTOR_SIZE * 4, 3));
        rig = BlockRig.attach(DiskImage.openReadOnly(image));
        assertTrue(rig.device.readOnly());
        assertEquals(F_RO, rig.driver.features() & F_RO);
        assertTrue(rig.driver.registers().blockConfig().readOnly());
        assertEquals(S_IOERR, rig.driver.write(0, new byte[SECTOR_SIZE]).status());
        assertEquals(S_OK, rig.driver.read(0, new byte[SECTOR_SIZE]).status());
        assertEquals(S_OK, rig.driver.flush().status());
        assertArrayEquals(random(SECTOR_SIZE * 4, 3), Files.readAllBytes(image));
    }

    @Test
    void interruptsAreRaisedUnlessTheDriverSuppressesThem() throws Exception {
        rig = BlockRig.start(dir, DISK_BYTES);
        rig.driver.registers().takeInterrupts();
        rig.driver.flush();
        assertEquals(INTERRUPT_USED_BUFFER, rig.driver.registers().takeInterrupts() & INTERRUPT_USED_BUFFER);
        synchronized (rig.driver) {
            rig.driver.queue().suppressInterrupts(true);
        }
        long raised = rig.bus.interruptsRaised();
        rig.driver.flush(); // completes: the reaper polls every 10 ms
        assertEquals(0, rig.driver.registers().takeInterrupts() & INTERRUPT_USED_BUFFER);
        assertEquals(raised, rig.bus.interruptsRaised());
    }

    @Test
    void closeStopsTheDeviceAndClosesTheImage() throws Exception {
        rig = BlockRig.start(dir, DISK_BYTES);
        rig.driver.write(7, random(SECTOR_SIZE, 4));
        rig.device.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("machine-blk0") && t.isAlive()));
        rig.device.close(); // idempotent
        assertArrayEquals(random(SECTOR_SIZE, 4), readImage(7 * SECTOR_SIZE, SECTOR_SIZE));
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    private byte[] readImage(long position, int length) throws IOException {
        return Arrays.copyOfRange(Files.readAllBytes(rig.image), (int) position, (int) position + length);
    }
}
