package dev.kernite.netstack.tcp;

import dev.kernite.netstack.Counter;
import dev.kernite.netstack.NetError;
import dev.kernite.netstack.NetResult;
import dev.kernite.netstack.Readiness;
import dev.kernite.netstack.wire.TcpLayout;

/**
 * One TCP connection's control block (RFC 9293 §3.3.1): the send side (buffer, SND.UNA/NXT/WND, retransmission
 * with {@link RtoEstimator} and {@link NewReno}, zero-window probing), the receive side (buffer, RCV.NXT, window,
 * {@link OutOfOrderQueue}), its timers and the socket calls on it. Arriving segments are handled by
 * {@link TcpInput}; frames are built by {@link Tcp}.
 *
 * <p>Sequence space: SND.UNA ≤ SND.NXT ≤ SND.MAX, where SND.MAX is the highest sequence ever sent (SND.NXT falls back
 * to SND.UNA after a timeout — go-back-N — and walks forward again). The send buffer holds the bytes from
 * {@code sndBufSeq} (SND.UNA once the SYN is acknowledged) on; a FIN, once queued, follows its last byte.
 *
 * <p>ACKs are sent at once for every segment that needs one (no delayed ACKs); no Nagle, but sender-side
 * silly-window avoidance.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class TcpConnection {
    static final long NEVER = Long.MAX_VALUE;

    final Tcp tcp;
    final int localAddr;
    final int localPort;
    final int remoteAddr;
    final int remotePort;
    int handle;                  // 0 while a passive connection waits to be accepted
    Tcp.Listener parent;         // the listener of a passive connection until it is accepted
    TcpState state;

    // send side
    final int iss;
    int sndUna;
    int sndNxt;
    int sndMax;
    int sndWnd;
    int maxSndWnd;
    int sndWl1;
    int sndWl2;
    int sndShift;
    boolean scalingAgreed;       // both SYNs carried the window-scale option (RFC 7323 §2.2)
    int sndBufSeq;
    final ByteRing sendBuf;
    boolean finQueued;
    int mss;
    NewReno cc;
    final RtoEstimator rto;

    // receive side
    int irs;
    int rcvNxt;
    int rcvShift;
    final ByteRing recvBuf;
    final OutOfOrderQueue ooo;
    long rcvOffset;              // bytes of the stream put in order so far (RCV.NXT as a stream offset)
    long finOffset = -1;         // stream offset of a FIN received out of order
    boolean finReceived;
    int lastAdvertised;
    boolean ackNeeded;
    boolean outputDeferred;
    boolean oooSeen;             // the segment being handled was not at RCV.NXT: it is ACKed at once      // in Tcp's list of connections owing output at the end of a batch

    // timers
    long rtxDeadline = NEVER;
    long persistDeadline = NEVER;
    long closeDeadline = NEVER;
    int retries;
    boolean rttTiming;
    int rttSeq;
    long rttStart;

    NetError error;
    boolean orphan;              // the application closed its handle
    int lastReadiness;

    TcpConnection(Tcp tcp, int localAddr, int localPort, int remoteAddr, int remotePort, int iss) {
        this.tcp = tcp;
        this.localAddr = localAddr;
        this.localPort = localPort;
        this.remoteAddr = remoteAddr;
        this.remotePort = remotePort;
        this.iss = iss;
        this.sndUna = iss;
        this.sndNxt = iss + 1;
        this.sndMax = iss + 1;
        this.sndBufSeq = iss + 1;
        int buffer = tcp.limits.tcpBufferBytes();
        this.sendBuf = new ByteRing(buffer, tcp.budget);
        this.recvBuf = new ByteRing(buffer, tcp.budget);
        this.ooo = new OutOfOrderQueue(tcp.limits.tcpOutOfOrderSegments());
        this.rto = new RtoEstimator(tcp.limits.initialRtoMillis(), tcp.limits.minRtoMillis(), tcp.limits.maxRtoMillis());
        this.mss = tcp.localMss();
        this.rcvShift = windowShiftFor(buffer);
    }

    /** The smallest shift that lets a 16-bit window field describe the whole buffer (RFC 7323 §2.2). */
    static int windowShiftFor(int buffer) {
        int shift = 0;
        while ((buffer >> shift) > 0xFFFF) shift++;
        return shift;
    }

    public TcpState state() { return state; }

    public int handle() { return handle; }

    public int localPort() { return localPort; }

    public int remoteAddress() { return remoteAddr; }

    public int remotePort() { return remotePort; }

    /** The congestion controller (null before the handshake completes), for tests and netstat. */
    public NewReno congestion() { return cc; }

    public RtoEstimator rtoEstimator() { return rto; }

    public int sendWindow() { return sndWnd; }

    int dataEnd() { return sndBufSeq + sendBuf.size(); }

    boolean finAcked() { return finQueued && Seq.gt(sndUna, dataEnd()); }

    // ---- sending ----

    /** Sends our SYN (SYN_SENT) or SYN-ACK (SYN_RECEIVED), with the MSS and, where allowed, window-scale options. */
    void sendSyn(long now) {
        int flags = TcpLayout.SYN | (state == TcpState.SYN_RECEIVED ? TcpLayout.ACK_FLAG : 0);
        boolean scale = state == TcpState.SYN_SENT || scalingAgreed;
        tcp.emit(this, iss, flags, Math.min(recvBuf.free(), 0xFFFF), tcp.localMss(), scale ? rcvShift : -1, 0, 0);
        if (rtxDeadline == NEVER) rtxDeadline = now + rto.rto();
        if (!rttTiming && retries == 0) startTiming(iss + 1, now);
    }

    /** Sends what the windows allow; then a bare ACK if one is owed and nothing carried it. */
    void output(long now) {
        if (state.synchronized_() && state != TcpState.TIME_WAIT) sendData(now);
        if (ackNeeded) transmit(sndMax, 0, false);      // a bare ACK carries SND.MAX, as BSD's: never behind RCV.NXT
    }

    private void sendData(long now) {
        for (;;) {
            int dataEnd = dataEnd();
            if (Seq.gt(sndNxt, dataEnd)) break;                          // FIN sent already
            int unsent = dataEnd - sndNxt;
            int inFlight = sndNxt - sndUna;
            int usable = Math.max(0, Math.min(cc.cwnd(), sndWnd) - inFlight);
            int len = Math.min(mss, Math.min(unsent, usable));
            boolean fin = finQueued && len == unsent;
            if (len == 0 && !fin) break;
            if (len < mss && len < unsent && inFlight > 0 && len < maxSndWnd / 2) break;   // silly-window avoidance
            boolean again = Seq.lt(sndNxt, sndMax);
            if (again) tcp.counters.add(Counter.TCP_RETRANSMITS);
            transmit(sndNxt, len, fin);
            sndNxt += len + (fin ? 1 : 0);
            if (Seq.gt(sndNxt, sndMax)) {
                sndMax = sndNxt;
                if (!rttTiming && !again) startTiming(sndNxt, now);
            }
            if (rtxDeadline == NEVER) rtxDeadline = now + rto.rto();
            persistDeadline = NEVER;
            if (fin) break;
        }
        if (sndWnd == 0 && sndUna == sndMax && dataEnd() != sndNxt && persistDeadline == NEVER && rtxDeadline == NEVER) {
            persistDeadline = now + rto.rto();
        }
    }

    /** Sends one segment of {@code len} buffered bytes at {@code seq} (plus FIN) with the current ACK and window. */
    void transmit(int seq, int len, boolean fin) {
        int flags = TcpLayout.ACK_FLAG | (fin ? TcpLayout.FIN : 0) | (len > 0 ? TcpLayout.PSH : 0);
        lastAdvertised = Math.min(recvBuf.free() >> rcvShift, 0xFFFF) << rcvShift;
        ackNeeded = false;
        tcp.emit(this, seq, flags, lastAdvertised >> rcvShift, -1, -1, seq - sndBufSeq, len);
    }

    /** Retransmits the first unacknowledged segment (fast retransmit, partial ACK, timeout); returns its length. */
    int retransmitFirst() {
        int avail = dataEnd() - sndUna;
        if (avail < 0) avail = 0;                                          // only the FIN is outstanding
        int len = Math.min(mss, avail);
        boolean fin = finQueued && len == avail && Seq.gt(sndMax, dataEnd());
        if (len == 0 && !fin) return 0;
        rttTiming = false;                                                 // Karn: no sample from a resent segment
        transmit(sndUna, len, fin);
        return len + (fin ? 1 : 0);
    }

    private void startTiming(int seq, long now) {
        rttTiming = true;
        rttSeq = seq;
        rttStart = now;
    }

    // ---- timers ----

    long nextDeadline() { return Math.min(rtxDeadline, Math.min(persistDeadline, closeDeadline)); }

    void tick(long now) {
        if (closeDeadline <= now) {
            terminate(null);
            return;
        }
        if (rtxDeadline <= now) retransmitTimeout(now);
        if (persistDeadline <= now && state != TcpState.CLOSED) {
            persistDeadline = NEVER;
            if (sndWnd == 0 && dataEnd() != sndNxt && sndUna == sndMax) {
                tcp.counters.add(Counter.TCP_WINDOW_PROBES);
                transmit(sndNxt, 1, false);                                // one byte past the closed window
                sndNxt += 1;
                sndMax = sndNxt;
                rtxDeadline = now + rto.rto();
            }
        }
    }

    private void retransmitTimeout(long now) {
        rtxDeadline = NEVER;
        retries++;
        rto.backoff();
        rttTiming = false;
        if (sndWnd == 0 && state.synchronized_() && sndUna != sndMax) {   // persisting: probe again, keep cwnd
            tcp.counters.add(Counter.TCP_WINDOW_PROBES);
            transmit(sndUna, Math.min(1, dataEnd() - sndUna), finQueued && dataEnd() == sndUna);
            sndNxt = sndUna + 1;
            rtxDeadline = now + rto.rto();
            return;
        }
        tcp.counters.add(Counter.TCP_TIMEOUTS);
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            if (retries > tcp.limits.synRetries()) {
                terminate(NetError.ETIMEDOUT);
                return;
            }
            tcp.counters.add(Counter.TCP_RETRANSMITS);
            sendSyn(now);
            return;
        }
        if (sndUna == sndMax) return;
        if (retries > tcp.limits.dataRetries()) {
            terminate(NetError.ETIMEDOUT);
            return;
        }
        cc.onTimeout(sndMax - sndUna, sndMax);
        tcp.counters.add(Counter.TCP_RETRANSMITS);
        sndNxt = sndUna + retransmitFirst();                               // go back: resend from SND.UNA
        rtxDeadline = now + rto.rto();
    }

    /** Leaves the connection: CLOSED, off the demultiplexing table, the error (if any) kept for the socket. */
    void terminate(NetError cause) {
        if (cause != null && error == null) error = cause;
        state = TcpState.CLOSED;
        rtxDeadline = persistDeadline = closeDeadline = NEVER;
        ooo.clear();
        tcp.removed(this);
        notifyReadiness();
    }

    void enterTimeWait(long now) {
        state = TcpState.TIME_WAIT;
        rtxDeadline = persistDeadline = NEVER;
        closeDeadline = now + 2 * tcp.limits.mslMillis();
    }

    // ---- socket calls ----

    NetResult read(byte[] dst, int off, int len) {
        if (recvBuf.size() > 0) {
            int n = recvBuf.read(dst, off, len);
            windowUpdate();
            lastReadiness = readiness();
            return NetResult.ok(n);
        }
        if (error != null) return NetResult.fail(error);
        if (finReceived) return NetResult.ok(0);
        if (state == TcpState.CLOSED) return NetResult.fail(NetError.ENOTCONN);
        lastReadiness = readiness();
        return NetResult.fail(NetError.EAGAIN);
    }

    /** After the application read: tell the peer when the window opened enough to matter (receiver SWS, RFC 9293 §3.8.6.2.2). */
    private void windowUpdate() {
        if (!state.receivesData()) return;
        int now = recvBuf.free();
        if (now - lastAdvertised >= Math.min(recvBuf.capacity() / 2, 2 * mss) || lastAdvertised < mss && now >= mss) {
            transmit(sndMax, 0, false);
        }
    }

    NetResult write(byte[] src, int off, int len, long now) {
        if (error != null) return NetResult.fail(error);
        if (finQueued) return NetResult.fail(NetError.EPIPE);
        switch (state) {
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> { }
            case CLOSED -> { return NetResult.fail(NetError.ENOTCONN); }
            default -> { return NetResult.fail(NetError.EPIPE); }
        }
        int n = sendBuf.write(src, off, len);
        if (n == 0 && len > 0) {
            lastReadiness = readiness();
            return NetResult.fail(NetError.EAGAIN);
        }
        if (state.synchronized_()) output(now);
        lastReadiness = readiness();
        return NetResult.ok(n);
    }

    NetResult shutdown(long now) {
        if (finQueued) return NetResult.ok(0);
        switch (state) {
            case SYN_SENT, SYN_RECEIVED -> finQueued = true;               // sent once established
            case ESTABLISHED -> { finQueued = true; state = TcpState.FIN_WAIT_1; output(now); }
            case CLOSE_WAIT -> { finQueued = true; state = TcpState.LAST_ACK; output(now); }
            case CLOSED -> { return NetResult.fail(error != null ? error : NetError.ENOTCONN); }
            default -> { }
        }
        return NetResult.ok(0);
    }

    /** The application lets go: a graceful close, or a reset when it leaves unread data behind (RFC 2525 §2.17). */
    void close(long now) {
        orphan = true;
        handle = 0;
        if (state == TcpState.CLOSED || state == TcpState.TIME_WAIT) return;
        if (state == TcpState.SYN_SENT) {
            terminate(null);
        } else if (recvBuf.size() > 0 || state == TcpState.SYN_RECEIVED && parent != null) {
            abort();
        } else {
            shutdown(now);
            if (state == TcpState.FIN_WAIT_2) closeDeadline = now + 2 * tcp.limits.mslMillis();
        }
    }

    /** Sends RST and drops the connection. */
    void abort() {
        if (state.synchronized_() || state == TcpState.SYN_RECEIVED) {
            tcp.counters.add(Counter.TCP_RESETS_OUT);
            tcp.emitReset(localAddr, localPort, remoteAddr, remotePort, sndNxt, rcvNxt, true);
        }
        terminate(NetError.ECONNRESET);
    }

    int readiness() {
        int r = 0;
        if (recvBuf.size() > 0 || finReceived || error != null) r |= Readiness.READABLE;
        if (finReceived) r |= Readiness.HANGUP;
        if (error != null) r |= Readiness.ERROR | Readiness.WRITABLE;
        boolean open = state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT;
        if (open && !finQueued && sendBuf.free() > 0) r |= Readiness.WRITABLE;
        if (state == TcpState.CLOSED && error == null) r |= Readiness.HANGUP;
        return r;
    }

    /** Tells the owner when the readiness of this (accepted or connecting) socket changed. */
    void notifyReadiness() {
        int r = readiness();
        if (handle != 0 && r != lastReadiness) {
            lastReadiness = r;
            tcp.events.socketReady(handle, r);
        }
    }

    @Override
    public String toString() {
        return state + " " + localPort + "->" + dev.kernite.netstack.wire.Ip4.format(remoteAddr) + ":" + remotePort;
    }
}
