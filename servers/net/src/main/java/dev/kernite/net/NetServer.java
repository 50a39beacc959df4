package dev.kernite.net;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.netstack.Clock;
import dev.kernite.netstack.NetConfig;
import dev.kernite.netstack.NetLimits;
import dev.kernite.netstack.NetStack;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.WaitMode;
import dev.kernite.runtime.net.NicClient;
import dev.kernite.runtime.net.NicProtocol;
import dev.kernite.runtime.net.SocketError;
import dev.kernite.runtime.net.SocketProtocol;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The netstack server (endpoint {@code net}, protocol {@link SocketProtocol}): one thread owns the TCP/IP engine
 * and drives it with its three inputs — frames from the NIC driver (a receive thread queues them and pokes this
 * loop with a one-way message on our own endpoint, accepted only from our own pid), the engine's timers (the
 * receive's timeout) and clients' socket calls. Waiting calls are parked in {@link SocketService}.
 *
 * <p>Arguments (manifest {@code args}): {@code addr=A.B.C.D/N} (default: what the machine provisioned with
 * {@code ./kernite --net-addr}, else 10.77.0.2/24), {@code gateway=A.B.C.D}, {@code dns=A.B.C.D},
 * {@code hosts=NAME:A.B.C.D,...}, {@code dhcp} (ask a DHCP server instead), {@code nic=SERVICE} (default nic).
 *
 * <p>Thread safety: the loop thread owns everything but {@link NicLink}'s receive queue.
 */
public final class NetServer {
    static final int POKE = -2;
    private static final long SWEEP_NANOS = 1_000_000_000L;
    /** Each of the two NIC buffers (transmit, receive): room for a batch of 32 frames of the largest MTU. */
    private static final long NIC_BUFFER_BYTES = 2 << 20;
    private static final long ARRIVAL_WAIT_NANOS = 1_000_000_000L;

    /** A channel's state: its owner and the buffer it attached. */
    private record Session(int pid, Dataspace buffer) {}

    private final Env env;
    private final Server server;
    private final NicLink link;
    private final SocketService sockets;
    private final NetStack stack;
    private final Dhcp dhcp;
    private final Map<Integer, Session> sessions = new HashMap<>();

    private NetServer(Env env, Server server, NicLink link, SocketService sockets, NetStack stack, Dhcp dhcp) {
        this.env = env;
        this.server = server;
        this.link = link;
        this.sockets = sockets;
        this.stack = stack;
        this.dhcp = dhcp;
    }

    public static void main(String[] args) {
        Map<String, String> opt = Options.parse(args);
        Env env = Env.connect();
        NicClient nic = NicClient.connect(env, opt.getOrDefault("nic", "nic"), NIC_BUFFER_BYTES, Duration.ofSeconds(30)).orElseThrow();
        NicProtocol.Info info = nic.info().orElseThrow();
        NetConfig config = Options.config(opt, info);
        Server server = env.serve("net").orElseThrow();
        server.setWaitMode(WaitMode.YIELD);
        Client self = env.connect("net").orElseThrow();
        Message poke = new Message().setLabel(POKE);
        NicLink link = new NicLink(nic, () -> self.trySend(poke));
        Resolver resolver = new Resolver(Options.hosts(opt), Options.address(opt, "dns"));
        SocketService sockets = new SocketService(m -> server.reply(m), (int) (System.nanoTime() ^ env.pid()), resolver);
        NetStack stack = new NetStack(config, NetLimits.defaults(), link, Clock.system(), sockets, System.nanoTime() ^ env.pid() * 31L);
        sockets.attach(stack);
        resolver.attach(stack);
        Dhcp dhcp = opt.containsKey("dhcp") ? new Dhcp(stack, resolver) : null;
        link.start();
        if (dhcp != null) dhcp.start();
        stack.reconfigure(stack.config()); // a gratuitous ARP: Linux learns us at once
        link.flush();
        System.err.println("net: " + info.device() + " " + info.macText() + " mtu " + config.mtu() + ", " + (dhcp != null ? "DHCP"
            : dev.kernite.netstack.wire.Ip4.format(config.address()) + "/" + config.prefixLength()
            + (config.gateway() != 0 ? " gateway " + dev.kernite.netstack.wire.Ip4.format(config.gateway()) : "")) + "; serving");
        new NetServer(env, server, link, sockets, stack, dhcp).serve();
    }

    /** The loop: receive (a request, a poke, or a timeout), then feed frames, run timers, answer, send. */
    private void serve() {
        Message m = new Message();
        long lastSweep = System.nanoTime();
        while (true) {
            Status s = server.receive(m, Duration.ofNanos(waitNanos()));
            boolean reply = s == Status.OK && m.expectsReply() && handle(m);
            stack.beginBatch(); // the frames of one drain get one ACK per connection
            link.drain(stack::receive);
            stack.endBatch();
            if (Clock.system().nowMillis() >= stack.nextDeadline()) stack.tick();
            if (dhcp != null) dhcp.turn();
            sockets.afterTurn(System.nanoTime());
            link.flush();
            if (reply) server.reply(m);
            if (System.nanoTime() - lastSweep >= SWEEP_NANOS) {
                sweep();
                lastSweep = System.nanoTime();
            }
        }
    }

    /** How long the loop may sleep: until the engine's next timer, a parked request's timeout, or the sweep. */
    private long waitNanos() {
        long now = System.nanoTime();
        long engine = stack.nextDeadline() == Long.MAX_VALUE ? Long.MAX_VALUE
            : (stack.nextDeadline() - Clock.system().nowMillis()) * 1_000_000L;
        long parked = sockets.nextDeadline() == Long.MAX_VALUE ? Long.MAX_VALUE : sockets.nextDeadline() - now;
        long d = Math.min(Math.min(engine, parked), dhcp != null ? 500_000_000L : SWEEP_NANOS);
        return Math.max(0, d);
    }

    /** Decodes and carries out a request; true when {@code m} holds the reply now. */
    private boolean handle(Message m) {
        int pid = (int) (m.badge() >>> 32);
        if (m.label() == POKE && pid == env.pid()) return false; // frames are waiting: drained below
        int channel = server.channelOf(m);
        Session session = sessions.computeIfAbsent(channel, c -> new Session(pid, null));
        SocketProtocol.Decoded d = SocketProtocol.decode(m);
        if (d.error() != null) return SocketService.error(m, d.error());
        try {
            return switch (d.request()) {
                case SocketProtocol.Attach a -> attach(channel, pid, a.dataspace(), m);
                case SocketProtocol.InfoRequest i -> info(m);
                case SocketProtocol.StatsRequest st -> Stats.encode(stack.counters(), link, m);
                case SocketProtocol.Request r -> sockets.handle(new Caller(pid, channel, session.buffer() == null ? null : session.buffer().segment()), r, m);
            };
        } catch (RuntimeException e) { // a bug: this request fails, the server serves on
            System.err.println("net: " + d.request() + ": " + e);
            e.printStackTrace();
            return SocketService.error(m, SocketError.EINVAL);
        }
    }

    private boolean info(Message m) {
        NetConfig c = stack.config();
        new SocketProtocol.Info(true, c.mac(), c.mtu(), c.address(), c.prefixLength(), c.gateway(), sockets.resolver.dnsServer(), dhcp != null).encode(m);
        return true;
    }

    /** ATTACH: maps the dataspace granted on this channel as its buffer. */
    private boolean attach(int channel, int pid, int handle, Message m) {
        long deadline = System.nanoTime() + ARRIVAL_WAIT_NANOS;
        var arrival = env.arrival(handle);
        while (arrival.isEmpty() && System.nanoTime() - deadline < 0) { // the kernel's note of the grant may trail
            Thread.yield();
            arrival = env.arrival(handle);
        }
        if (arrival.isEmpty() || arrival.get().via() != channel || arrival.get().type() != CapType.DATASPACE) return SocketService.error(m, SocketError.EBADF);
        if (!Rights.includes(arrival.get().rights(), Rights.READ | Rights.WRITE)) return SocketService.error(m, SocketError.EINVAL);
        Result<Dataspace> mapped = env.mapDataspace(handle);
        if (!mapped.ok()) return SocketService.error(m, SocketError.ENOBUFS);
        Session old = sessions.put(channel, new Session(pid, mapped.value()));
        if (old != null && old.buffer() != null) old.buffer().close();
        SocketProtocol.ok(m).setLength(8).putLong(0, mapped.value().size());
        return true;
    }

    /** Ends the sessions whose channel closed; a process with no channel left loses its sockets. */
    private void sweep() {
        var gone = sessions.entrySet().stream().filter(e -> !server.isConnected(e.getKey())).toList();
        for (var e : gone) {
            sessions.remove(e.getKey());
            int pid = e.getValue().pid();
            if (sessions.values().stream().noneMatch(x -> x.pid() == pid)) sockets.closeOwner(pid);
            if (e.getValue().buffer() != null) e.getValue().buffer().close();
        }
    }
}
