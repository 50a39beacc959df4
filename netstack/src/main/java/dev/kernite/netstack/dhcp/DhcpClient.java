package dev.kernite.netstack.dhcp;

import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The DHCP client state machine of RFC 2131 §4.4 (figure 5): INIT → SELECTING (DISCOVER sent) → REQUESTING
 * (REQUEST for the first OFFER) → BOUND (ACK) → RENEWING at T1 (unicast REQUEST) → REBINDING at T2 (broadcast)
 * → INIT when the lease runs out or a NAK comes. Retransmissions wait 4 s, doubling to 64 s (§4.1), without the
 * random jitter, so runs are reproducible. It is transport-free: the owner wires {@link Transport} to the engine's
 * UDP socket on port 68 and feeds {@link #receive} and {@link #tick}.
 *
 * <p>Not done: DECLINE after an ARP probe finds the address in use, INIT-REBOOT, RELEASE.
 *
 * <p>Thread safety: not thread-safe; owned by the engine's thread.
 */
public final class DhcpClient {
    public enum State { INIT, SELECTING, REQUESTING, BOUND, RENEWING, REBINDING }

    /** How messages leave: to 255.255.255.255:67, or to the server's address. */
    public interface Transport {
        void broadcast(byte[] message);

        void unicast(int server, byte[] message);
    }

    /** What the client was given. {@code prefixLength} comes from the subnet mask. */
    public record Lease(int address, int prefixLength, int gateway, List<Integer> dns, int server, long seconds) {}

    private static final long FIRST_RETRY_MS = 4_000;
    private static final long LAST_RETRY_MS = 64_000;
    private static final long DEFAULT_LEASE_SECONDS = 3600;

    private final long mac;
    private final Transport transport;
    private final RandomGenerator random;
    private final Consumer<Lease> onChange;
    private State state = State.INIT;
    private int xid;
    private int offeredAddress;
    private int offeringServer;
    private Lease lease;
    private long retryAt = Long.MAX_VALUE;
    private long retryDelay;
    private long t1;
    private long t2;
    private long expiry;

    /** {@code onChange} hears each new lease, and null when the lease is lost. */
    public DhcpClient(long mac, Transport transport, RandomGenerator random, Consumer<Lease> onChange) {
        this.mac = mac;
        this.transport = transport;
        this.random = random;
        this.onChange = onChange;
    }

    public State state() { return state; }

    public Lease lease() { return lease; }

    public void start(long now) { discover(now); }


    public long nextDeadline() {
        if (state == State.INIT) return retryAt;
        return state == State.BOUND ? t1 : Math.min(retryAt, state == State.RENEWING ? t2 : state == State.REBINDING ? expiry : Long.MAX_VALUE);
    }

    public void tick(long now) {
        switch (state) {
            case BOUND -> { if (now >= t1) renew(now, State.RENEWING); }
            case RENEWING -> {
                if (now >= t2) renew(now, State.REBINDING);
                else if (now >= retryAt) resend(now);
            }
            case REBINDING -> {
                if (now >= expiry) {
                    lease = null;
                    onChange.accept(null);
                    discover(now);
                } else if (now >= retryAt) {
                    resend(now);
                }
            }
            case SELECTING, REQUESTING -> { if (now >= retryAt) resend(now); }
            case INIT -> { if (now >= retryAt) discover(now); }
        }
    }

    /** A datagram from port 67. Anything not for our transaction and hardware address is ignored. */
    public void receive(byte[] message, int length, long now) {
        DhcpMessage m = DhcpMessage.parse(message, length);
        if (m == null || m.op() != DhcpLayout.OP_REPLY || m.xid() != xid || m.chaddr() != mac) return;
        switch (state) {
            case SELECTING -> {
                if (m.type() != DhcpLayout.OFFER || m.yiaddr() == 0 || m.serverId() == 0) return;
                offeredAddress = m.yiaddr();
                offeringServer = m.serverId();
                state = State.REQUESTING;
                send(now, true);
            }
            case REQUESTING, RENEWING, REBINDING -> {
                if (m.type() == DhcpLayout.NAK) {                     // start over, after a pause (no NAK storm)
                    if (lease != null) onChange.accept(null);
                    lease = null;
                    state = State.INIT;
                    retryAt = now + FIRST_RETRY_MS;
                } else if (m.type() == DhcpLayout.ACK && m.yiaddr() != 0) {
                    bind(m, now);
                }
            }
            default -> { }
        }
    }

    private void bind(DhcpMessage m, long now) {
        long seconds = m.leaseSeconds() > 0 ? m.leaseSeconds() : DEFAULT_LEASE_SECONDS;
        int prefix = m.subnetMask() == 0 ? 24 : Integer.bitCount(m.subnetMask());
        int server = m.serverId() != 0 ? m.serverId() : offeringServer;
        lease = new Lease(m.yiaddr(), prefix, m.router(), m.dns(), server, seconds);
        state = State.BOUND;
        retryAt = Long.MAX_VALUE;
        t1 = now + seconds * 500;
        t2 = now + seconds * 875;
        expiry = now + seconds * 1000;
        onChange.accept(lease);
    }

    private void discover(long now) {
        state = State.SELECTING;
        xid = random.nextInt();
        retryDelay = FIRST_RETRY_MS;
        send(now, true);
    }

    private void renew(long now, State next) {
        state = next;
        xid = random.nextInt();
        retryDelay = FIRST_RETRY_MS;
        send(now, true);
    }

    private void resend(long now) {
        retryDelay = Math.min(retryDelay * 2, LAST_RETRY_MS);
        send(now, false);
    }

    private void send(long now, boolean fresh) {
        if (fresh) retryDelay = FIRST_RETRY_MS;
        retryAt = now + retryDelay;
        switch (state) {
            case SELECTING -> transport.broadcast(DhcpMessage.client(DhcpLayout.DISCOVER, xid, mac, 0, 0, 0).encode());
            case REQUESTING -> transport.broadcast(
                DhcpMessage.client(DhcpLayout.REQUEST, xid, mac, 0, offeredAddress, offeringServer).encode());
            case RENEWING -> transport.unicast(lease.server(), DhcpMessage.client(DhcpLayout.REQUEST, xid, mac, lease.address(), 0, 0).encode());
            case REBINDING -> transport.broadcast(DhcpMessage.client(DhcpLayout.REQUEST, xid, mac, lease.address(), 0, 0).encode());
            default -> { }
        }
    }
}
