package dev.kernite.machine.net;

import static dev.kernite.abi.device.DeviceRegistersLayout.DEVICE_NEEDS_RESET;
import static dev.kernite.abi.device.NetLayout.DEFAULT_MTU;
import static dev.kernite.abi.device.VirtqLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.machine.testing.FakeBus;
import dev.kernite.machine.testing.Fenced;
import dev.kernite.machine.testing.TestNetDriver;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded garbage in both rings of a network device (descriptor tables, available rings and their index) while
 * frames arrive from the wire. Whatever the driver writes, the device thread never throws, never writes outside
 * its windows (sentinels), never hangs, and works again after a reset.
 */
class NetRingFuzzTest {
    private static final long SEED = 0x6E65743066757A7AL;
    private static final int CASES = 400;
    private static final long FENCED = 0x40_0000L;
    private static final byte PATTERN = 0x5A;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    @Test
    void garbageInTheRingsNeverEscapesOrHangsTheDevice() {
        WireBackend[] wire = WireBackend.pair();
        Random r = new Random(SEED);
        try (FakeBus bus = new FakeBus(); FakeBus peerBus = new FakeBus();
             NetDevice dev = new NetDevice("net0", NetDevice.kerniteMac(1), DEFAULT_MTU, NetDevice.Provisioning.NONE, wire[0]);
             NetDevice peer = new NetDevice("net1", NetDevice.kerniteMac(2), DEFAULT_MTU, NetDevice.Provisioning.NONE, wire[1])) {
            dev.attach(bus);
            peer.attach(peerBus);
            TestNetDriver d = new TestNetDriver(bus), p = new TestNetDriver(peerBus);
            p.bringUp(true);
            Fenced fenced = bus.dma().mapFenced(FENCED, 4096, true, PATTERN);
            long[] addresses = {TestNetDriver.RX_BUFS, TestNetDriver.TX_BUFS, FENCED, FENCED + 4000, 0x7000_0000L, -1L, TestNetDriver.RX_RING};
            int resets = 0;
            for (int c = 0; c < CASES; c++) {
                d.bringUp(false);
                boolean onTx = r.nextBoolean();
                MemorySegment ring = onTx ? d.txRing : d.rxRing;
                int n = TestNetDriver.QUEUE;
                for (int i = 0; i < n; i++) {
                    long at = descOffset(i);
                    ring.set(U64, at + DESC_ADDR, addresses[r.nextInt(addresses.length)] + (r.nextInt(4) == 0 ? r.nextInt(5000) : 0));
                    ring.set(U32, at + DESC_LEN, r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(3000));
                    ring.set(U16, at + DESC_FLAGS, (short) r.nextInt(8));
                    ring.set(U16, at + DESC_NEXT, (short) (r.nextInt(8) == 0 ? r.nextInt(1 << 16) : r.nextInt(n)));
                }
                int count = r.nextInt(6) == 0 ? r.nextInt(1 << 16) : 1 + r.nextInt(8);
                for (int i = 0; i < count && i < n; i++) ring.set(U16, availOffset(n) + availEntry(i), (short) r.nextInt(r.nextInt(10) == 0 ? 1 << 16 : n));
                SHORT.setRelease(ring, availOffset(n) + AVAIL_IDX, (short) count);
                d.regs.notifyDevice();
                for (int i = 0; i < 3; i++) NetDeviceTest.send(p, NetDeviceTest.frame(r, NetDevice.kerniteMac(1), NetDevice.kerniteMac(2), i));
                int expected = Math.min(count, n);
                d.awaitTrue(() -> (d.regs.status() & DEVICE_NEEDS_RESET) != 0
                    || usedIdx(ring, n) == expected || !onTx && usedIdx(ring, n) >= Math.min(3, expected) , "case " + c + " to end");
                if ((d.regs.status() & DEVICE_NEEDS_RESET) != 0) resets++;
                assertNull(fenced.sentinelDamage(), "case " + c);
                assertEquals(0, dev.stats().transport().internalErrors(), "case " + c);
            }
            d.bringUp(true);
            assertTrue(NetDeviceTest.send(d, NetDeviceTest.frame(r, NetDevice.kerniteMac(2), NetDevice.kerniteMac(1), 99)));
            byte[] f; // frames the fuzz sent that happened to be well-formed arrive first
            while ((f = p.receive(10_000)) != null && (f.length < 26 || ByteBuffer.wrap(f).getInt(14) != 99 || f[13] != (byte) 0xB5)) { }
            NetDeviceTest.checkFrame(f, NetDevice.kerniteMac(1), 99);
            assertTrue(resets > 0 && resets < CASES, "some cases broke the ring, some did not: " + resets);
        }
    }

    private static int usedIdx(MemorySegment ring, int n) {
        return Short.toUnsignedInt((short) SHORT.getAcquire(ring, usedOffset(n) + USED_IDX));
    }
}
