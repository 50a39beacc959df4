package dev.kernite.machine.net;

import static dev.kernite.abi.device.NetLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.machine.testing.FakeBus;
import dev.kernite.machine.testing.TestNetDriver;
import dev.kernite.runtime.device.NetDeviceConfig;
import dev.kernite.runtime.device.VirtqueueDriver.Buffer;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two network devices joined by an in-memory wire, each driven by a {@link TestNetDriver}: frames both ways,
 * receive buffers that run out, IOMMU refusals and malformed chains.
 */
class NetDeviceTest {
    private static final byte[] MAC_A = NetDevice.kerniteMac(1), MAC_B = NetDevice.kerniteMac(2);
    private static final long UNMAPPED = 0x7000_0000L;

    private FakeBus busA, busB;
    private NetDevice a, b;
    private TestNetDriver da, db;

    @BeforeEach
    void setUp() {
        WireBackend[] wire = WireBackend.pair();
        busA = new FakeBus();
        busB = new FakeBus();
        a = new NetDevice("net0", MAC_A, DEFAULT_MTU, NetDevice.Provisioning.of("10.77.0.2/24", "10.77.0.1/24"), wire[0]);
        b = new NetDevice("net1", MAC_B, DEFAULT_MTU, NetDevice.Provisioning.NONE, wire[1]);
        a.attach(busA);
        b.attach(busB);
        da = new TestNetDriver(busA);
        db = new TestNetDriver(busB);
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
        busA.close();
        busB.close();
    }

    @Test
    void configurationShowsMacMtuLinkAndTheProvisionedAddress() {
        da.bringUp(true);
        NetDeviceConfig c = da.regs.netConfig();
        assertArrayEquals(MAC_A, c.mac());
        assertTrue(c.linkUp());
        assertEquals(DEFAULT_MTU, c.mtu());
        assertArrayEquals(new byte[] {10, 77, 0, 2}, c.address());
        assertEquals(24, c.prefix());
        assertArrayEquals(new byte[] {10, 77, 0, 1}, c.hostAddress());
        assertEquals(NUM_QUEUES, da.regs.numQueues());
    }

    @Test
    void checksummedFramesCrossTheWireBothWays() {
        da.bringUp(true);
        db.bringUp(true);
        Random r = new Random(42);
        int n = 38 * 16;
        for (int i = 0; i < n; i += 16) {
            for (int j = i; j < i + 16; j++) {
                assertTrue(send(da, frame(r, MAC_B, MAC_A, j)));
                assertTrue(send(db, frame(r, MAC_A, MAC_B, j)));
            }
            for (int j = i; j < i + 16; j++) {
                checkFrame(db.receive(10_000), MAC_A, j);
                checkFrame(da.receive(10_000), MAC_B, j);
            }
        }
        NetStats sa = a.stats(), sb = b.stats();
        assertEquals(n, sa.txFrames());
        assertEquals(n, sa.rxFrames());
        assertEquals(sa.txBytes(), sb.rxBytes());
        assertEquals(0, sa.rxNoBuffer() + sa.rxBadChain() + sa.txBadChain() + sa.txBackendDrops() + sb.rxNoBuffer() + sb.rxBadChain());
        assertEquals(0, sa.transport().internalErrors() + sb.transport().internalErrors());
        assertEquals(1, db.rxHeader(0).get(ValueLayout.JAVA_SHORT_UNALIGNED, HDR_NUM_BUFFERS), "num_buffers");
    }

    @Test
    void framesWaitForReceiveBuffersAndTheOverflowIsCountedAsDropped() {
        da.bringUp(true);
        Random r = new Random(1);
        for (int i = 0; i < 10; i++) assertTrue(send(da, frame(r, MAC_B, MAC_A, i)));
        da.drainTx();
        assertEquals(10, b.stats().rxDown(), "no driver: every frame dropped");

        db.bringUp(false); // running, but no receive buffer posted
        int fifo = NetQueues.fifoFrames(maxFrame(DEFAULT_MTU));
        int n = fifo + 44;
        for (int i = 0; i < n; i++) assertTrue(send(da, frame(r, MAC_B, MAC_A, i)));
        da.drainTx();
        da.awaitTrue(() -> b.stats().rxNoBuffer() == 44, "44 drops; stats " + b.stats());
        db.postRx(TestNetDriver.QUEUE);
        for (int i = 0; i < fifo; i++) checkFrame(db.receive(10_000), MAC_A, i);
        assertNull(db.receive(50));
        assertEquals(fifo, b.stats().rxFrames());
    }

    @Test
    void buffersTheIommuRefusesAreReturnedAndTheDeviceCarriesOn() {
        da.bringUp(true);
        db.bringUp(false);
        db.postRx(0, List.of(new Buffer(UNMAPPED, TestNetDriver.BUF, true)));
        db.rxQueue().publish();
        db.regs.notifyDevice();
        Random r = new Random(2);
        assertTrue(send(da, frame(r, MAC_B, MAC_A, 0)));
        assertArrayEquals(new byte[0], db.receive(10_000), "a refused receive buffer comes back empty");
        assertEquals(1, b.stats().rxBadChain());
        assertTrue(busB.dma().faults() > 0);

        assertTrue(da.sendChain(0, List.of(new Buffer(UNMAPPED, 100, false))));
        da.drainTx();
        assertEquals(1, a.stats().txBadChain());
        db.postRx(8);
        assertTrue(send(da, frame(r, MAC_B, MAC_A, 1)));
        checkFrame(db.receive(10_000), MAC_A, 1);
        assertEquals(0, a.stats().transport().queueFaults() + b.stats().transport().queueFaults());
    }

    @Test
    void malformedChainsAreCountedAndNothingIsSent() {
        da.bringUp(true);
        db.bringUp(true);
        long tx = TestNetDriver.TX_BUFS;
        da.sendChain(1, List.of(new Buffer(TestNetDriver.RX_BUFS, 64, true)));            // device-writable on transmit
        da.sendChain(2, List.of(new Buffer(tx, HEADER_SIZE + 10, false)));                // shorter than an Ethernet header
        da.sendChain(3, List.of(new Buffer(tx, HEADER_SIZE + maxFrame(DEFAULT_MTU) + 1, false))); // longer than the MTU
        da.txBufs.set(ValueLayout.JAVA_BYTE, 4 * TestNetDriver.BUF + HDR_GSO_TYPE, (byte) 1);
        da.sendChain(4, List.of(new Buffer(tx + 4 * TestNetDriver.BUF, HEADER_SIZE + 60, false))); // GSO not negotiated
        da.drainTx();
        assertEquals(4, a.stats().txBadChain());
        assertEquals(0, a.stats().txFrames());
        assertNull(db.receive(50));

        da.txBufs.set(ValueLayout.JAVA_BYTE, 4 * TestNetDriver.BUF + HDR_GSO_TYPE, (byte) 0);
        byte[] split = frame(new Random(3), MAC_B, MAC_A, 7);  // header and frame in two buffers: fine
        da.txBufs.asSlice(5 * TestNetDriver.BUF, HEADER_SIZE).fill((byte) 0);
        java.lang.foreign.MemorySegment.copy(split, 0, da.txBufs, ValueLayout.JAVA_BYTE, 6L * TestNetDriver.BUF, split.length);
        da.sendChain(5, List.of(new Buffer(tx + 5 * TestNetDriver.BUF, HEADER_SIZE, false),
            new Buffer(tx + 6 * TestNetDriver.BUF, split.length, false)));
        checkFrame(db.receive(10_000), MAC_A, 7);
        assertEquals(0, a.stats().transport().internalErrors());
    }

    @Test
    void aReceiveChainTooSmallForTheFrameComesBackEmpty() {
        da.bringUp(true);
        db.bringUp(false);
        db.postRx(0, List.of(new Buffer(TestNetDriver.RX_BUFS, 100, true)));
        db.rxQueue().publish();
        db.regs.notifyDevice();
        assertTrue(send(da, frame(new Random(4), MAC_B, MAC_A, 0, 1000)));
        assertArrayEquals(new byte[0], db.receive(10_000));
        assertEquals(1, b.stats().rxBadChain());
    }

    static boolean send(TestNetDriver d, byte[] frame) {
        for (int i = 0; i < 10_000; i++) {
            if (d.send(frame)) return true;
            Thread.onSpinWait();
        }
        d.drainTx();
        return d.send(frame);
    }

    static byte[] frame(Random r, byte[] dst, byte[] src, int seq) {
        return frame(r, dst, src, seq, 60 + r.nextInt(maxFrame(DEFAULT_MTU) - VLAN_TAG - 60 + 1));
    }

    /** dst, src, EtherType 0x88B5 (local experimental), seq, random payload, CRC32 of everything before it. */
    static byte[] frame(Random r, byte[] dst, byte[] src, int seq, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(dst).put(src).putShort((short) 0x88B5).putInt(seq);
        byte[] payload = new byte[length - b.position() - 8];
        r.nextBytes(payload);
        b.put(payload);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putLong(crc.getValue());
        return b.array();
    }

    static void checkFrame(byte[] f, byte[] src, int seq) {
        assertNotNull(f, "frame " + seq + " did not arrive");
        ByteBuffer b = ByteBuffer.wrap(f);
        CRC32 crc = new CRC32();
        crc.update(f, 0, f.length - 8);
        assertEquals(crc.getValue(), b.getLong(f.length - 8), "checksum of frame " + seq);
        byte[] s = new byte[6];
        b.position(6);
        b.get(s);
        assertArrayEquals(src, s);
        assertEquals(seq, b.getInt(14), "sequence");
    }
}
