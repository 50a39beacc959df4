package dev.kernite.netstack.tcp;

import dev.kernite.netstack.Counter;
import dev.kernite.netstack.DropReason;
import dev.kernite.netstack.NetError;
import dev.kernite.netstack.wire.TcpLayout;

/**
 * Segment arrival for a connection that exists (RFC 9293 §3.10.7.3 SYN-SENT and §3.10.7.4 the other states):
 * check acceptability against the receive window, RST and SYN (with RFC 5961 challenge ACKs), the ACK (window
 * update, RTT sample, congestion control, state changes of the close), the data (in order or queued) and the FIN.
 *
 * <p>Thread safety: stateless; runs on the engine's thread.
 */
final class TcpInput {
    private TcpInput() {}

    static void segment(TcpConnection c, TcpSegment s, long now) {
        if (c.state == TcpState.SYN_SENT) synSent(c, s, now);
        else established(c, s, now);
        // Out of order, or with a hole still open: ACK at once even in a batch (RFC 5681 §4.2) — those duplicate
        // ACKs are what starts the peer's fast retransmit.
        boolean ackNow = c.ooo.size() > 0 || c.oooSeen;
        c.oooSeen = false;
        if (c.state != TcpState.CLOSED && (ackNow || !c.tcp.defer(c))) c.output(now);
        c.notifyReadiness();
    }

    private static void synSent(TcpConnection c, TcpSegment s, long now) {
        boolean hasAck = s.has(TcpLayout.ACK_FLAG);
        if (hasAck && !(Seq.gt(s.ack(), c.iss) && Seq.le(s.ack(), c.sndMax))) {
            c.tcp.counters.drop(DropReason.TCP_BAD_SEGMENT);
            if (!s.has(TcpLayout.RST)) c.tcp.emitReset(c.localAddr, c.localPort, c.remoteAddr, c.remotePort, s.ack(), 0, false);
            return;
        }
        if (s.has(TcpLayout.RST)) {
            c.tcp.counters.add(Counter.TCP_RESETS_IN);
            if (hasAck) c.terminate(NetError.ECONNREFUSED);
            return;
        }
        if (!s.has(TcpLayout.SYN)) {
            c.tcp.counters.drop(DropReason.TCP_BAD_SEGMENT);
            return;
        }
        c.irs = s.seq();
        c.rcvNxt = s.seq() + 1;
        peerOptions(c, s);
        if (hasAck) {
            c.sndUna = s.ack();
            sample(c, s.ack(), now);
            c.rtxDeadline = TcpConnection.NEVER;
            c.retries = 0;
            establish(c, s, now);
            c.ackNeeded = true;
        } else {                                              // simultaneous open (RFC 9293 §3.5, figure 7)
            c.state = TcpState.SYN_RECEIVED;
            c.rtxDeadline = TcpConnection.NEVER;
            c.sendSyn(now);
        }
    }

    /** Takes the peer's MSS and window-scale options from its SYN. */
    static void peerOptions(TcpConnection c, TcpSegment s) {
        int peerMss = s.mss() > 0 ? s.mss() : 536;                  // RFC 9293 §3.7.1 default
        c.mss = Math.max(64, Math.min(c.tcp.localMss(), peerMss));
        c.scalingAgreed = s.wscale() >= 0;                       // we offer it on every SYN we start, and answer in kind
        c.sndShift = c.scalingAgreed ? s.wscale() : 0;
        if (!c.scalingAgreed) c.rcvShift = 0;
    }

    /** The handshake is complete: windows, congestion control, and the waiting FIN of an early shutdown. */
    static void establish(TcpConnection c, TcpSegment s, long now) {
        c.state = TcpState.ESTABLISHED;
        c.sndWnd = s.window() << c.sndShift;
        c.maxSndWnd = c.sndWnd;
        c.sndWl1 = s.seq();
        c.sndWl2 = s.ack();
        c.cc = new NewReno(c.mss, c.iss);
        c.tcp.established(c);
        if (c.finQueued) c.state = TcpState.FIN_WAIT_1;
    }

    private static void established(TcpConnection c, TcpSegment s, long now) {
        if (!acceptable(c, s)) {
            c.tcp.counters.drop(DropReason.TCP_OUT_OF_WINDOW);
            if (!s.has(TcpLayout.RST)) c.ackNeeded = true;
            return;
        }
        if (s.has(TcpLayout.RST)) {
            reset(c, s);
            return;
        }
        if (s.has(TcpLayout.SYN)) {                             // RFC 5961 §4: challenge ACK, never reset on a SYN
            c.tcp.counters.drop(DropReason.TCP_BAD_SEGMENT);
            c.ackNeeded = true;
            return;
        }
        if (!s.has(TcpLayout.ACK_FLAG)) {
            c.tcp.counters.drop(DropReason.TCP_BAD_SEGMENT);
            return;
        }
        if (c.state == TcpState.SYN_RECEIVED) {
            if (!(Seq.gt(s.ack(), c.sndUna) && Seq.le(s.ack(), c.sndMax))) {
                c.tcp.counters.drop(DropReason.TCP_BAD_SEGMENT);
                c.tcp.emitReset(c.localAddr, c.localPort, c.remoteAddr, c.remotePort, s.ack(), 0, false);
                return;
            }
            c.sndUna = s.ack();
            sample(c, s.ack(), now);
            c.rtxDeadline = TcpConnection.NEVER;
            c.retries = 0;
            establish(c, s, now);
        } else if (!ack(c, s, now)) {
            return;
        }
        if (c.state == TcpState.CLOSED) return;
        data(c, s);
        fin(c, s, now);
    }

    /** RFC 9293 §3.10.7.4, first check, with the allowance for ACKs when the window is zero. */
    private static boolean acceptable(TcpConnection c, TcpSegment s) {
        int wnd = c.recvBuf.free();
        int len = s.length();
        if (wnd == 0) return s.seq() == c.rcvNxt;           // data beyond it is trimmed; the ACK still counts
        int right = c.rcvNxt + wnd;
        if (len == 0) return Seq.inRange(s.seq(), c.rcvNxt, right);
        return Seq.inRange(s.seq(), c.rcvNxt, right) || Seq.inRange(s.seq() + len - 1, c.rcvNxt, right);
    }

    private static void reset(TcpConnection c, TcpSegment s) {
        if (s.seq() != c.rcvNxt) {                             // RFC 5961 §3: in the window but not exact
            c.tcp.counters.drop(DropReason.TCP_BAD_SEGMENT);
            c.ackNeeded = true;
            return;
        }
        c.tcp.counters.add(Counter.TCP_RESETS_IN);
        switch (c.state) {
            case SYN_RECEIVED -> c.terminate(c.parent != null ? null : NetError.ECONNREFUSED);
            case CLOSING, LAST_ACK, TIME_WAIT -> c.terminate(null);
            default -> c.terminate(NetError.ECONNRESET);
        }
    }

    /** The ACK field; false when the segment must be dropped. */
    private static boolean ack(TcpConnection c, TcpSegment s, long now) {
        int ack = s.ack();
        if (Seq.gt(ack, c.sndMax)) {                            // acknowledges what we never sent
            c.tcp.counters.drop(DropReason.TCP_BAD_SEGMENT);
            c.ackNeeded = true;
            return false;
        }
        c.retries = 0;                                          // the peer is alive (zero-window probes never time out)
        int window = s.window() << c.sndShift;
        if (Seq.gt(ack, c.sndUna)) {
            newAck(c, ack, now);
        } else if (ack == c.sndUna && s.dataLength() == 0 && !s.has(TcpLayout.FIN) && window == c.sndWnd
            && c.sndMax != c.sndUna) {
            if (c.cc.onDuplicateAck(ack, c.sndMax - c.sndUna, c.sndMax)) {
                c.tcp.counters.add(Counter.TCP_FAST_RETRANSMITS);
                c.retransmitFirst();
            }
        }
        if (Seq.lt(c.sndWl1, s.seq()) || c.sndWl1 == s.seq() && Seq.le(c.sndWl2, ack)) {
            c.sndWnd = window;
            c.maxSndWnd = Math.max(c.maxSndWnd, window);
            c.sndWl1 = s.seq();
            c.sndWl2 = ack;
        }
        if (c.finAcked()) {
            switch (c.state) {
                case FIN_WAIT_1 -> {
                    c.state = TcpState.FIN_WAIT_2;
                    if (c.orphan) c.closeDeadline = now + 2 * c.tcp.limits.mslMillis();
                }
                case CLOSING -> c.enterTimeWait(now);
                case LAST_ACK -> {
                    c.terminate(null);
                    return false;
                }
                default -> { }
            }
        }
        if (c.state == TcpState.TIME_WAIT && s.has(TcpLayout.FIN)) {   // the peer resent its FIN: our ACK was lost
            c.ackNeeded = true;
            c.enterTimeWait(now);
        }
        return true;
    }

    private static void newAck(TcpConnection c, int ack, long now) {
        int acked = ack - c.sndUna;
        sample(c, ack, now);
        if (Seq.gt(ack, c.sndBufSeq)) {
            int n = Math.min(ack - c.sndBufSeq, c.sendBuf.size());
            c.sendBuf.skip(n);
            c.sndBufSeq += n;
        }
        c.sndUna = ack;
        if (Seq.lt(c.sndNxt, ack)) c.sndNxt = ack;
        if (c.cc.onNewAck(acked, ack, c.sndMax - ack)) {
            c.tcp.counters.add(Counter.TCP_FAST_RETRANSMITS);
            c.retransmitFirst();
        }
        c.rtxDeadline = c.sndUna == c.sndMax ? TcpConnection.NEVER : now + c.rto.rto();
    }

    private static void sample(TcpConnection c, int ack, long now) {
        if (c.rttTiming && Seq.ge(ack, c.rttSeq)) {
            c.rto.sample(now - c.rttStart);
            c.rttTiming = false;
        }
    }

    /** Segment text (RFC 9293 §3.10.7.4, seventh): in order into the buffer, ahead of it into the queue. */
    private static void data(TcpConnection c, TcpSegment s) {
        if (s.dataLength() == 0 || !c.state.receivesData()) return;
        c.ackNeeded = true;
        int skip = c.rcvNxt - s.seq();                          // bytes we have already
        if (skip != 0) c.oooSeen = true;                        // ahead of RCV.NXT, or a duplicate
        if (skip < 0) {
            int room = c.recvBuf.free() + skip;                 // window left beyond the segment's start
            int len = Math.min(s.dataLength(), room);
            if (len <= 0) return;
            if (c.ooo.insert(c.rcvOffset - skip, s.buf(), s.dataOffset(), len)) c.tcp.counters.add(Counter.TCP_OOO_QUEUED);
            else c.tcp.counters.drop(DropReason.TCP_OOO_FULL);
            if (s.has(TcpLayout.FIN) && len == s.dataLength()) c.finOffset = c.rcvOffset - skip + len;
            return;
        }
        if (skip >= s.dataLength()) return;
        int n = c.recvBuf.write(s.buf(), s.dataOffset() + skip, s.dataLength() - skip);
        c.rcvOffset += n;
        c.rcvOffset = c.ooo.drain(c.rcvOffset, c.recvBuf);
        c.rcvNxt = c.irs + 1 + (int) c.rcvOffset;
        if (c.orphan) c.recvBuf.skip(c.recvBuf.size());          // nobody will read it: consume, keep the window open
    }

    /** The FIN (RFC 9293 §3.10.7.4, eighth), in order or as recorded earlier from an out-of-order segment. */
    private static void fin(TcpConnection c, TcpSegment s, long now) {
        if (c.finReceived) {
            if (s.has(TcpLayout.FIN)) c.ackNeeded = true;
            return;
        }
        boolean inOrder = s.has(TcpLayout.FIN) && s.seq() + s.dataLength() == c.rcvNxt;
        if (!inOrder && !(c.finOffset >= 0 && c.finOffset == c.rcvOffset)) return;
        c.rcvNxt += 1;
        c.finReceived = true;
        c.ackNeeded = true;
        switch (c.state) {
            case SYN_RECEIVED, ESTABLISHED -> c.state = TcpState.CLOSE_WAIT;
            case FIN_WAIT_1 -> {
                if (c.finAcked()) c.enterTimeWait(now);
                else c.state = TcpState.CLOSING;
            }
            case FIN_WAIT_2 -> c.enterTimeWait(now);
            default -> { }
        }
    }
}
