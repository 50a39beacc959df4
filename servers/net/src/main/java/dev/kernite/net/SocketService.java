package dev.kernite.net;

import dev.kernite.netstack.NetError;
import dev.kernite.netstack.NetEvents;
import dev.kernite.netstack.NetResult;
import dev.kernite.netstack.NetStack;
import dev.kernite.netstack.Readiness;
import dev.kernite.netstack.tcp.TcpConnection;
import dev.kernite.netstack.udp.Datagram;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.net.SocketError;
import dev.kernite.runtime.net.SocketProtocol;
import dev.kernite.runtime.net.SocketProtocol.*;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The socket side of the netstack server, without IPC: it carries out decoded {@link SocketProtocol} requests on
 * the {@link NetStack} it owns, for callers identified by pid, channel and buffer. A request that has to wait
 * (connect, accept, read, write, receive, ping, resolve) is parked with its reply token and answered when the
 * engine reports the socket ready ({@link NetEvents#socketReady}, collected during a turn and acted on in
 * {@link #afterTurn}) or when its timeout passes — never polled. Replies to parked requests go to {@code replies}.
 *
 * <p>Sockets belong to a process: any channel of it may use them, and {@link #closeOwner} closes them when its
 * last channel is gone. The ids handed out are {@code tag << 11 | slot}, the tag drawn per server instance.
 *
 * <p>Thread safety: not thread-safe; the server's loop thread makes every call (and the engine calls back on it).
 */
final class SocketService implements NetEvents {
    static final int SLOTS = 2048;
    private static final int SCRATCH = 256 * 1024;
    /** A CONNECT that asked not to wait still waits this long: it has no socket to hand back before. */
    private static final int CONNECT_DEFAULT_MS = 75_000;

    private final Consumer<Message> replies;
    private final int tag;
    private final Sock[] slots = new Sock[SLOTS];
    private final java.util.Map<Integer, Sock> byEngine = new java.util.HashMap<>();
    private final List<Parked> parked = new ArrayList<>();
    private final Set<Integer> ready = new HashSet<>();
    private final byte[] scratch = new byte[SCRATCH];
    final Resolver resolver;
    private NetStack stack;
    private int pingSequence;

    SocketService(Consumer<Message> replies, int tag, Resolver resolver) {
        this.replies = replies;
        this.tag = tag & 0xFFFFF | 1;
        this.resolver = resolver;
    }

    /** The engine this service drives (made after the service, which is its {@link NetEvents}). */
    void attach(NetStack s) { this.stack = s; }

    NetStack stack() { return stack; }

    // ---- engine events (during receive, tick or a socket call) ----

    @Override
    public void socketReady(int handle, int readiness) { ready.add(handle); }

    @Override
    public void pingReply(int address, int ident, int sequence, long rttMillis) {
        for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            if (p.request instanceof Ping ping && p.key == sequence && ping.address() == address) {
                it.remove();
                answer(p, SocketProtocol.ok(p.reply).setLength(8).putLong(0, Math.max(1, (System.nanoTime() - p.started) / 1000)));
                return;
            }
        }
    }

    // ---- requests ----

    /** Carries out {@code r}; true when the reply is in {@code m}, false when it was parked (no reply yet). */
    boolean handle(Caller c, Request r, Message m) {
        return switch (r) {
            case Attach a -> throw new IllegalArgumentException("ATTACH is the server's"); // handled by NetServer
            case Connect x -> connect(c, x, m);
            case Listen x -> result(m, stack.tcpListen(x.port(), x.backlog()), c, false);
            case BindUdp x -> bindUdp(c, x, m);
            case Shutdown x -> onSock(c, x.socket(), m, s -> stack.tcpShutdown(s.engine()));
            case Close x -> close(c, x.socket(), m);
            case Accept x -> startWait(c, r, m, x.socket(), x.timeoutMillis());
            case Read x -> startWait(c, r, m, x.socket(), x.timeoutMillis());
            case Write x -> startWait(c, r, m, x.socket(), x.timeoutMillis());
            case RecvFrom x -> startWait(c, r, m, x.socket(), x.timeoutMillis());
            case SendTo x -> sendTo(c, x, m);
            case Ping x -> ping(c, x, m);
            case Resolve x -> resolve(c, x, m);
            case InfoRequest x -> throw new IllegalArgumentException("INFO is the server's");
            case StatsRequest x -> throw new IllegalArgumentException("STATS is the server's");
            case Sockets x -> { sockets(x.skip(), m); yield true; }
            case ArpRequest x -> { arp(x.skip(), m); yield true; }
        };
    }

    private boolean connect(Caller c, Connect x, Message m) {
        NetResult r = stack.tcpConnect(x.address(), x.port());
        if (!r.isOk()) return error(m, r.error());
        Sock s = add(r.value(), c.pid(), false);
        if (s == null) return error(m, NetError.ENOBUFS);
        return startWait(c, x, m, s.id(), x.timeoutMillis() == 0 ? CONNECT_DEFAULT_MS : x.timeoutMillis());
    }

    private boolean bindUdp(Caller c, BindUdp x, Message m) {
        NetResult r = stack.udpBind(x.port());
        if (!r.isOk()) return error(m, r.error());
        Sock s = add(r.value(), c.pid(), true);
        if (s == null) return error(m, NetError.ENOBUFS);
        SocketProtocol.ok(m, s.id(), stack.localPort(s.engine()));
        return true;
    }

    private boolean close(Caller c, int id, Message m) {
        Sock s = sock(c, id);
        if (s == null) return error(m, NetError.EBADF);
        release(s);
        SocketProtocol.ok(m);
        return true;
    }

    /** Closes {@code s} in the engine and fails whatever waits on it. */
    private void release(Sock s) {
        slots[s.id() & (SLOTS - 1)] = null;
        byEngine.remove(s.engine());
        stack.close(s.engine());
        for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            if (p.engine == s.engine()) {
                it.remove();
                answer(p, SocketProtocol.error(p.reply, SocketError.EBADF));
            }
        }
    }

    /** A process is gone (its last channel closed): its sockets close, its waiting requests are dropped. */
    void closeOwner(int pid) {
        parked.removeIf(p -> p.caller.pid() == pid);
        for (Sock s : slots) if (s != null && s.pid() == pid) release(s);
    }

    private boolean sendTo(Caller c, SendTo x, Message m) {
        Sock s = sock(c, x.socket());
        if (s == null || !s.udp()) return error(m, s == null ? NetError.EBADF : NetError.EOPNOTSUPP);
        byte[] data = in(c, x.buffer(), x.length());
        if (data == null) return error(m, NetError.EINVAL);
        return result(m, stack.udpSendTo(s.engine(), x.address(), x.port(), data, 0, x.length()), null, false);
    }

    private boolean ping(Caller c, Ping x, Message m) {
        int seq = ++pingSequence & 0xFFFF;
        NetError e = stack.ping(x.address(), 0x4B4E, seq, x.size());
        if (e != null) return error(m, e);
        parked.add(new Parked(new Message().takeReplyToken(m), x, c, 0, seq, deadline(x.timeoutMillis())));
        return false;
    }

    private boolean resolve(Caller c, Resolve x, Message m) {
        Resolver.Answer a = resolver.start(x.name());
        if (a.address() != null) return ok(m, a.address());
        if (a.error() != null) return error(m, a.error());
        parked.add(new Parked(new Message().takeReplyToken(m), x, c, 0, a.id(), deadline(x.timeoutMillis())));
        return false;
    }

    /** Tries a blocking request once; parks it when it would wait and the caller allows waiting. */
    private boolean startWait(Caller c, Request r, Message m, int id, int timeoutMillis) {
        Sock s = sock(c, id);
        if (s == null) return error(m, NetError.EBADF);
        if (attempt(r, c, s, m)) return true;
        if (timeoutMillis == 0) return error(m, NetError.EAGAIN);
        parked.add(new Parked(new Message().takeReplyToken(m), r, c, s.engine(), 0, deadline(timeoutMillis)));
        return false;
    }

    /** One try of a blocking request on {@code s}: true with the reply in {@code m}, false when it must wait. */
    private boolean attempt(Request r, Caller c, Sock s, Message m) {
        return switch (r) {
            case Connect x -> {
                int rd = stack.readiness(s.engine());
                if ((rd & (Readiness.WRITABLE | Readiness.ERROR)) == 0) yield false;
                NetResult w = stack.tcpWrite(s.engine(), scratch, 0, 0);
                if (!w.isOk()) {
                    release(s);
                    yield error(m, w.error());
                }
                yield ok(m, s.id());
            }
            case Accept x -> {
                NetResult a = stack.tcpAccept(s.engine());
                if (!a.isOk()) yield a.error() != NetError.EAGAIN && error(m, a.error());
                Sock n = add(a.value(), c.pid(), false);
                if (n == null) {
                    stack.close(a.value());
                    yield error(m, NetError.ENOBUFS);
                }
                TcpConnection conn = stack.tcp().connection(a.value());
                yield ok(m, n.id(), conn == null ? 0 : conn.remoteAddress(), conn == null ? 0 : conn.remotePort());
            }
            case Read x -> {
                if (!fits(c, x.buffer(), x.length())) yield error(m, NetError.EINVAL);
                NetResult n = stack.tcpRead(s.engine(), scratch, 0, Math.min(x.length(), SCRATCH));
                if (!n.isOk()) yield n.error() != NetError.EAGAIN && error(m, n.error());
                MemorySegment.copy(scratch, 0, c.buffer(), ValueLayout.JAVA_BYTE, x.buffer(), n.value());
                yield ok(m, n.value());
            }
            case Write x -> {
                int len = Math.min(x.length(), SCRATCH);
                if (!fits(c, x.buffer(), len)) yield error(m, NetError.EINVAL);
                MemorySegment.copy(c.buffer(), ValueLayout.JAVA_BYTE, x.buffer(), scratch, 0, len); // once: the client may change it
                NetResult n = stack.tcpWrite(s.engine(), scratch, 0, len);
                if (!n.isOk()) yield n.error() != NetError.EAGAIN && error(m, n.error());
                yield len == 0 || n.value() > 0 ? ok(m, n.value()) : false;
            }
            case RecvFrom x -> {
                if (!s.udp()) yield error(m, NetError.EOPNOTSUPP);
                if (!fits(c, x.buffer(), x.length())) yield error(m, NetError.EINVAL);
                Datagram d = stack.udpReceive(s.engine());
                if (d == null) yield false;
                int n = Math.min(d.data().length, x.length());
                MemorySegment.copy(d.data(), 0, c.buffer(), ValueLayout.JAVA_BYTE, x.buffer(), n);
                yield ok(m, n, d.srcAddress(), d.srcPort());
            }
            default -> throw new IllegalStateException("not a blocking request: " + r);
        };
    }

    /**
     * After each turn of the loop: answers the parked requests whose socket became ready or whose timeout passed,
     * and the name look-ups the resolver finished.
     */
    void afterTurn(long now) {
        if (parked.isEmpty()) {
            ready.clear();
            return;
        }
        for (Resolver.Answer a : resolver.finished()) finishResolve(a);
        boolean any = !ready.isEmpty();
        Set<Integer> was = any ? Set.copyOf(ready) : Set.of();
        ready.clear();
        for (Parked p : List.copyOf(parked)) {
            if (!parked.contains(p)) continue; // answered meanwhile (a release)
            boolean done = false;
            if (any && p.engine != 0 && was.contains(p.engine)) {
                Sock s = byEngine.get(p.engine);
                done = s == null ? error(p.reply, NetError.EBADF) : attemptSafely(p, s);
            }
            if (!done && now - p.deadline >= 0) {
                done = p.request instanceof Connect || p.request instanceof Ping || p.request instanceof Resolve
                    ? timedOut(p) : error(p.reply, NetError.EAGAIN);
            }
            if (done) {
                parked.remove(p);
                replies.accept(p.reply);
            }
        }
    }

    private boolean timedOut(Parked p) {
        if (p.request instanceof Connect) {
            Sock s = byEngine.get(p.engine);
            if (s != null) release(s);
        }
        return error(p.reply, NetError.ETIMEDOUT);
    }

    /** A parked request's caller may have gone (its buffer unmapped): then it is answered with EBADF. */
    private boolean attemptSafely(Parked p, Sock s) {
        try {
            return attempt(p.request, p.caller, s, p.reply);
        } catch (IllegalStateException unmapped) {
            return error(p.reply, NetError.EBADF);
        }
    }

    private void finishResolve(Resolver.Answer a) {
        for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            if (p.request instanceof Resolve && p.key == a.id()) {
                it.remove();
                if (a.address() != null) ok(p.reply, a.address()); else error(p.reply, a.error());
                replies.accept(p.reply);
            }
        }
    }

    /** When the earliest parked request times out ({@code System.nanoTime()}), or Long.MAX_VALUE. */
    long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (Parked p : parked) d = Math.min(d, p.deadline);
        return d;
    }

    int parkedCount() { return parked.size(); }

    // ---- netstat and arp ----

    private void sockets(int skip, Message m) {
        SocketProtocol.ok(m, 0).setLength(4);
        int n = 0, seen = 0;
        for (Sock s : slots) {
            if (s == null || seen++ < skip) continue;
            if (n == SocketRow.MAX_PER_PAGE) break;
            TcpConnection c = s.udp() ? null : stack.tcp().connection(s.engine());
            String state = s.udp() ? "-" : stack.tcpState(s.engine());
            row(s, c, state).put(m, 4 + n * SocketRow.SIZE);
            n++;
        }
        m.setLength(4 + n * SocketRow.SIZE).putInt(0, n);
    }

    private SocketRow row(Sock s, TcpConnection c, String state) {
        int code = Math.max(0, SocketRow.STATES.indexOf(state == null ? "CLOSED" : state));
        return new SocketRow(s.id(), s.pid(), s.udp() ? 17 : 6, stack.localPort(s.engine()), c == null ? 0 : c.remoteAddress(),
            c == null ? 0 : c.remotePort(), s.udp() ? 0 : code);
    }

    private void arp(int skip, Message m) {
        List<long[]> rows = new ArrayList<>();
        stack.arp().forEach((ip, mac) -> rows.add(new long[] {ip, mac}));
        SocketProtocol.ok(m, 0).setLength(4);
        int n = 0;
        for (int i = skip; i < rows.size() && n < ArpRow.MAX_PER_PAGE; i++, n++) {
            m.putInt(4 + n * ArpRow.SIZE, (int) rows.get(i)[0]).putLong(8 + n * ArpRow.SIZE, rows.get(i)[1]);
        }
        m.setLength(4 + n * ArpRow.SIZE).putInt(0, n);
    }

    // ---- helpers ----

    private Sock add(int engine, int pid, boolean udp) {
        for (int i = 1; i < SLOTS; i++) {
            if (slots[i] == null) {
                Sock s = new Sock(tag << 11 | i, engine, pid, udp);
                slots[i] = s;
                byEngine.put(engine, s);
                return s;
            }
        }
        stack.close(engine);
        return null;
    }

    /** The socket {@code id} names, if it is the caller's. */
    private Sock sock(Caller c, int id) {
        if (id >>> 11 != tag) return null;
        Sock s = slots[id & (SLOTS - 1)];
        return s != null && s.pid() == c.pid() ? s : null;
    }

    private boolean onSock(Caller c, int id, Message m, java.util.function.Function<Sock, NetResult> op) {
        Sock s = sock(c, id);
        if (s == null) return error(m, NetError.EBADF);
        NetResult r = op.apply(s);
        return r.isOk() ? ok(m) : error(m, r.error());
    }

    /** A new socket's result: its id, or the error. */
    private boolean result(Message m, NetResult r, Caller owner, boolean udp) {
        if (!r.isOk()) return error(m, r.error());
        if (owner == null) return ok(m, r.value());
        Sock s = add(r.value(), owner.pid(), udp);
        return s == null ? error(m, NetError.ENOBUFS) : ok(m, s.id());
    }

    private static boolean fits(Caller c, int at, int len) {
        return c.buffer() != null && at >= 0 && len >= 0 && at <= c.buffer().byteSize() - len;
    }

    /** {@code len} bytes of the caller's buffer at {@code at}, copied (the client may change them), or null. */
    private static byte[] in(Caller c, int at, int len) {
        if (!fits(c, at, len)) return null;
        return c.buffer().asSlice(at, len).toArray(ValueLayout.JAVA_BYTE);
    }

    private static long deadline(int timeoutMillis) {
        return timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    /** Answers a parked request now (it has been taken off the list). */
    private void answer(Parked p, Message reply) { replies.accept(reply); }

    static boolean ok(Message m, int... values) {
        SocketProtocol.ok(m, values);
        return true;
    }

    static boolean error(Message m, NetError e) {
        SocketError s = SocketError.fromCode(e.code());
        SocketProtocol.error(m, s == null ? SocketError.EINVAL : s);
        return true;
    }

    static boolean error(Message m, SocketError e) {
        SocketProtocol.error(m, e);
        return true;
    }
}
