package dev.kernite.net;

import dev.kernite.netstack.NetResult;
import dev.kernite.netstack.NetStack;
import dev.kernite.netstack.dns.DnsCodec;
import dev.kernite.netstack.udp.Datagram;
import dev.kernite.netstack.wire.Ip4;
import dev.kernite.runtime.net.SocketError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names to addresses for RESOLVE: a dotted quad is itself; then the static host table from the manifest
 * ({@code hosts=NAME:A.B.C.D,...}); then one DNS query (A record) to the configured server over the engine's UDP,
 * its answer collected by {@link #finished} (the server's loop parks the caller meanwhile). No cache, no retries:
 * a query unanswered by the caller's deadline is ETIMEDOUT.
 *
 * <p>Thread safety: not thread-safe; the server's loop thread owns it.
 */
final class Resolver {
    /** An answer: an address, or an error, or neither (a query went out under {@code id}). */
    record Answer(int id, Integer address, SocketError error) {}

    private final Map<String, Integer> hosts;
    private final Map<Integer, String> pending = new HashMap<>();
    private NetStack stack;
    private int dnsServer;
    private int socket;
    private int nextId = 1;

    Resolver(Map<String, Integer> hosts, int dnsServer) {
        this.hosts = Map.copyOf(hosts);
        this.dnsServer = dnsServer;
    }

    void attach(NetStack s) { this.stack = s; }

    int dnsServer() { return dnsServer; }

    /** DHCP gave us a DNS server. */
    void setDnsServer(int address) { this.dnsServer = address; }

    Answer start(String name) {
        int literal = literal(name);
        if (literal != 0) return new Answer(0, literal, null);
        Integer known = hosts.get(name.toLowerCase(java.util.Locale.ROOT));
        if (known != null) return new Answer(0, known, null);
        if (dnsServer == 0 || name.length() > 253) return new Answer(0, null, SocketError.ENOENT);
        if (socket == 0) {
            NetResult r = stack.udpBind(0);
            if (!r.isOk()) return new Answer(0, null, SocketError.ENOBUFS);
            socket = r.value();
        }
        int id = nextId++ & 0xFFFF;
        byte[] q = DnsCodec.query(id, name);
        NetResult sent = stack.udpSendTo(socket, dnsServer, 53, q, 0, q.length);
        if (!sent.isOk()) return new Answer(0, null, SocketError.ENETUNREACH);
        pending.put(id, name);
        return new Answer(id, null, null);
    }

    /** Answers to queries that arrived since the last call. */
    List<Answer> finished() {
        List<Answer> out = new ArrayList<>();
        if (socket == 0) return out;
        for (Datagram d = stack.udpReceive(socket); d != null; d = stack.udpReceive(socket)) {
            if (d.srcAddress() != dnsServer || d.srcPort() != 53 || d.data().length < 2) continue;
            int id = (d.data()[0] & 0xFF) << 8 | d.data()[1] & 0xFF;
            if (pending.remove(id) == null) continue;
            out.add(switch (DnsCodec.parse(d.data(), d.data().length, id)) {
                case DnsCodec.Ok ok when !ok.response().addresses().isEmpty() -> new Answer(id, ok.response().addresses().getFirst(), null);
                case DnsCodec.Ok ok -> new Answer(id, null, SocketError.ENOENT);
                case DnsCodec.Bad bad -> new Answer(id, null, SocketError.ENOENT);
            });
        }
        return out;
    }

    /** A dotted quad's address, or 0. */
    static int literal(String name) {
        if (!name.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return 0;
        try {
            return Ip4.parse(name);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
