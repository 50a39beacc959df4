package dev.kernite.netstack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NewRenoTest {
    private static final int MSS = 1000;

    @Test
    void slowStartThenCongestionAvoidance() {
        NewReno cc = new NewReno(MSS, 0);
        assertEquals(4 * MSS, cc.cwnd(), "RFC 5681 initial window for a 1000-byte MSS");
        cc.onNewAck(MSS, 1001, 0);
        assertEquals(5 * MSS, cc.cwnd(), "slow start: +1 MSS per ACK");
        cc.onTimeout(10 * MSS, 20_001);
        assertEquals(MSS, cc.cwnd(), "loss window");
        assertEquals(5 * MSS, cc.ssthresh(), "half the flight");
        for (int i = 0; i < 4; i++) cc.onNewAck(MSS, 20_001 + i * MSS, 0);
        assertEquals(5 * MSS, cc.cwnd(), "slow start up to ssthresh");
        cc.onNewAck(MSS, 30_000, 0);
        assertEquals(5 * MSS + MSS * MSS / (5 * MSS), cc.cwnd(), "congestion avoidance: ~MSS²/cwnd per ACK");
    }

    @Test
    void fastRetransmitAndRecoveryPerRfc6582() {
        NewReno cc = new NewReno(MSS, 0);
        int una = 1;
        int sndMax = una + 10 * MSS;                          // ten segments in flight, the first one lost
        assertFalse(cc.onDuplicateAck(una, 10 * MSS, sndMax));
        assertFalse(cc.onDuplicateAck(una, 10 * MSS, sndMax));
        assertTrue(cc.onDuplicateAck(una, 10 * MSS, sndMax), "third duplicate: fast retransmit");
        assertTrue(cc.inRecovery());
        assertEquals(5 * MSS, cc.ssthresh());
        assertEquals(5 * MSS + 3 * MSS, cc.cwnd(), "ssthresh + 3 MSS");
        assertFalse(cc.onDuplicateAck(una, 10 * MSS, sndMax));
        assertEquals(9 * MSS, cc.cwnd(), "inflated by one MSS per further duplicate");
        // partial ACK: covers 3 segments, not all up to recover → retransmit the next hole, deflate
        assertTrue(cc.onNewAck(3 * MSS, una + 3 * MSS, 7 * MSS));
        assertTrue(cc.inRecovery());
        assertEquals(9 * MSS - 3 * MSS + MSS, cc.cwnd());
        // full ACK: leave recovery with cwnd = min(ssthresh, flight + MSS)
        assertFalse(cc.onNewAck(7 * MSS, sndMax, 0));
        assertFalse(cc.inRecovery());
        assertEquals(2 * MSS, cc.cwnd(), "nothing left in flight: min(ssthresh, max(flight, MSS) + MSS)");
    }

    @Test
    void noSecondFastRetransmitForDuplicatesBelowRecover() {
        NewReno cc = new NewReno(MSS, 0);
        cc.onTimeout(8 * MSS, 10_001);                           // recover = 10001
        for (int i = 0; i < 5; i++) assertFalse(cc.onDuplicateAck(5_001, 4 * MSS, 10_001), "ACK below recover (RFC 6582 §3.2 step 1)");
    }

    @Test
    void sequenceArithmeticWraps() {
        assertTrue(Seq.lt(0xFFFF_FFF0, 0x10));
        assertTrue(Seq.gt(0x10, 0xFFFF_FFF0));
        assertTrue(Seq.inRange(2, 0xFFFF_FFFE, 5));
        assertFalse(Seq.inRange(5, 0xFFFF_FFFE, 5));
        assertEquals(0x10, Seq.max(0xFFFF_FFF0, 0x10));
    }

    @Test
    void rtoFollowsRfc6298() {
        RtoEstimator r = new RtoEstimator(1000, 200, 60_000);
        assertEquals(1000, r.rto());
        r.sample(100);                                          // SRTT 100, RTTVAR 50: 100 + 200 = 300
        assertEquals(300, r.rto());
        r.sample(100);                                          // RTTVAR 37.5: 100 + 150 = 250
        assertEquals(250, r.rto());
        r.sample(10);
        r.sample(10);
        r.sample(10);
        assertTrue(r.rto() >= 200, "clamped to the minimum");
        r.backoff();
        r.backoff();
        assertEquals(Math.max(200, r.rto() / 4) * 4, r.rto());
        for (int i = 0; i < 20; i++) r.backoff();
        assertEquals(60_000, r.rto(), "clamped to the maximum");
    }
}
