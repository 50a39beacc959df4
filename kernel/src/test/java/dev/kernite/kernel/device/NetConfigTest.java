package dev.kernite.kernel.device;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.abi.device.NetLayout;
import org.junit.jupiter.api.Test;

/** What {@code ./kernite --net ... --mtu N} accepts: the MTU range, its default, and clear refusals. */
class NetConfigTest {
    private static NetConfig withMtu(int mtu) {
        return new NetConfig(NetConfig.Mode.TAP, "kernite0", "10.77.0.2/24", "10.77.0.1/24", LinkImpairment.NONE, mtu);
    }

    @Test
    void theDefaultMtuIsTheLargestAndBothEndsOfTheRangeAreAccepted() {
        assertEquals(NetLayout.MAX_MTU, NetConfig.none().mtu());
        assertEquals(NetLayout.MAX_MTU, new NetConfig(NetConfig.Mode.LOOP, "k0", "10.0.0.2/8", "10.0.0.1/8").mtu());
        assertEquals(NetLayout.MIN_MTU, withMtu(NetLayout.MIN_MTU).mtu());
        assertEquals(1500, withMtu(1500).mtu());
        assertEquals(NetLayout.MAX_MTU, withMtu(NetLayout.MAX_MTU).mtu());
    }

    @Test
    void anMtuOutsideTheRangeIsRefusedSayingWhatTheRangeIs() {
        for (int bad : new int[] {-1, 0, NetLayout.MIN_MTU - 1, NetLayout.MAX_MTU + 1, 65_536, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withMtu(bad));
            assertEquals("MTU " + bad + " outside 68..65500", e.getMessage());
        }
    }

    @Test
    void theLargestFrameWithItsHeaderFitsA64KiBBuffer() {
        assertTrue(NetLayout.HEADER_SIZE + NetLayout.maxFrame(NetLayout.MAX_MTU) <= 1 << 16);
    }
}
