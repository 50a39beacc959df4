package dev.kernite.probe;

import static dev.kernite.probe.Probe.result;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Notification;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.ServiceClient;
import dev.kernite.runtime.names.Names;
import dev.kernite.runtime.names.NamesProtocol;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Probe modes for names and transparent recovery ({@link ServiceClient}). Each reports {@code RESULT} lines.
 *
 * <pre>
 *   register NAME CAP      as rs does: give names the endpoint CAP (SEND|GRANT) under NAME → RESULT register STATUS
 *   lookup NAME            resolve, check what arrived        → RESULT lookup STATUS [TYPE RIGHTS]
 *   unregister NAME                                           → RESULT unregister STATUS
 *   list                                                      → RESULT list a,b,c | RESULT list STATUS
 *   names-raw              malformed requests straight to names → RESULT raw CASE STATUS …, then RESULT raw alive STATUS
 *   svcfor SERVICE SECONDS checked idempotent echo calls through a ServiceClient for SECONDS
 *                                                             → RESULT svcfor ok CALLS retries R | RESULT svcfor fail STATUS AT
 *   svcloop SERVICE N      N idempotent checked echo calls through a ServiceClient
 *                                                             → RESULT svcloop ok N retries R | RESULT svcloop fail STATUS AT
 *   svcseq SERVICE N       N non-idempotent checked echo calls → RESULT svcseq calling I, RESULT svcseq I STATUS …
 *   stall ENDPOINT         serve: answer one call, then never take another → RESULT stall answered
 *   hold ENDPOINT          serve: take one call, never answer it, never take another → RESULT hold took LABEL
 * </pre>
 *
 * <p>Thread safety: one thread per mode.
 */
final class NamesProbe {
    private NamesProbe() {}

    static void register(Env env, String name, String cap) {
        Optional<Integer> endpoint = env.capability(cap).map(c -> c.handle());
        Result<Names> names = Names.connect(env);
        if (endpoint.isEmpty() || !names.ok()) {
            result("register", endpoint.isEmpty() ? Status.NOT_FOUND : names.status());
            return;
        }
        result("register", names.value().register(name, endpoint.get()));
    }

    static void lookup(Env env, String name) {
        Names names = Names.connect(env).orElseThrow();
        Result<Integer> h = names.lookup(name);
        if (!h.ok()) {
            result("lookup", h.status());
            return;
        }
        Optional<Env.Arrival> a = env.arrival(h.value());
        result("lookup", Status.OK, a.map(x -> x.type().toString()).orElse("?"), a.map(x -> Rights.toString(x.rights())).orElse("?"));
    }

    static void unregister(Env env, String name) {
        result("unregister", Names.connect(env).orElseThrow().unregister(name));
    }

    static void list(Env env) {
        Result<List<String>> all = Names.connect(env).orElseThrow().list();
        result("list", all.ok() ? String.join(",", all.value()) : all.status());
    }

    // ---------------------------------------------------------------- recovery

    static void svcloop(Env env, String service, int n) {
        Result<ServiceClient> sc = ServiceClient.of(env, service);
        if (!sc.ok()) {
            result("svcloop", "fail", sc.status(), 0);
            return;
        }
        result("svcloop", "started");
        Message req = new Message(), rep = new Message();
        for (int i = 0; i < n; i++) {
            Status s = sc.value().call(echoRequest(req, i), rep, true);
            if (s != Status.OK || !isEcho(rep, i)) {
                result("svcloop", "fail", s == Status.OK ? "MISMATCH" : s, i);
                return;
            }
        }
        result("svcloop", "ok", n, "retries", sc.value().retries());
    }

    /** Checked idempotent echo calls through a ServiceClient for {@code seconds}, however many restarts that spans. */
    static void svcfor(Env env, String service, double seconds) {
        Result<ServiceClient> sc = ServiceClient.of(env, service);
        if (!sc.ok()) {
            result("svcfor", "fail", sc.status(), 0);
            return;
        }
        Message req = new Message(), rep = new Message();
        result("svcfor", "started");
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int i = 0;
        for (; System.nanoTime() < end; i++) {
            Status s = sc.value().call(echoRequest(req, i), rep, true);
            if (s != Status.OK || !isEcho(rep, i)) {
                result("svcfor", "fail", s == Status.OK ? "MISMATCH" : s, i);
                return;
            }
        }
        result("svcfor", "ok", i, "retries", sc.value().retries());
    }

    static void svcseq(Env env, String service, int n) {
        ServiceClient sc = ServiceClient.of(env, service).orElseThrow();
        Message req = new Message(), rep = new Message();
        for (int i = 0; i < n; i++) {
            result("svcseq", "calling", i);
            Status s = sc.call(echoRequest(req, i), rep, false);
            result("svcseq", i, s == Status.OK && !isEcho(rep, i) ? "MISMATCH" : s);
        }
        result("svcseq", "retries", sc.retries());
    }

    private static Message echoRequest(Message m, int i) {
        return m.clear().setLabel(i).putLong(0, i * 31L).putInt(8, ~i);
    }

    private static boolean isEcho(Message rep, int i) {
        return rep.label() == i && rep.length() == 12 && rep.getLong(0) == i * 31L && rep.getInt(8) == ~i;
    }

    /** Takes one call and holds it, as a server dying in the middle of carrying a request out. */
    static void hold(Env env, String endpoint) throws InterruptedException {
        Server s = env.serve(endpoint).orElseThrow();
        Message m = new Message();
        while (s.receive(m) != Status.OK || !m.expectsReply()) { }
        result("hold", "took", m.label());
        Thread.sleep(Long.MAX_VALUE);
    }

    static void stall(Env env, String endpoint) throws InterruptedException {
        Server s = env.serve(endpoint).orElseThrow();
        Message m = new Message();
        while (s.receive(m) != Status.OK || !m.expectsReply()) { }
        s.reply(m);
        result("stall", "answered");
        Thread.sleep(Long.MAX_VALUE);
    }

    // ---------------------------------------------------------------- malformed requests

    /** Sends names every kind of bad request it must answer with a clear status; then checks names still works. */
    static void raw(Env env) {
        Client c = env.connect(Names.CAPABILITY).orElseThrow();
        raw(c, "empty-register", new Message().setLabel(NamesProtocol.REGISTER));
        raw(c, "short-register", new Message().setLabel(NamesProtocol.REGISTER).setPayload(new byte[3]));
        raw(c, "register-no-name", new Message().setLabel(NamesProtocol.REGISTER).putInt(0, 4097));
        raw(c, "register-unknown-handle", withName(new Message().setLabel(NamesProtocol.REGISTER).putInt(0, 4097), 4, "x"));
        raw(c, "lookup-empty", new Message().setLabel(NamesProtocol.LOOKUP));
        raw(c, "lookup-long", withName(new Message().setLabel(NamesProtocol.LOOKUP), 0, "n".repeat(65)));
        raw(c, "lookup-bad-chars", withName(new Message().setLabel(NamesProtocol.LOOKUP), 0, "a b/ü"));
        raw(c, "lookup-unknown", withName(new Message().setLabel(NamesProtocol.LOOKUP), 0, "nobody"));
        raw(c, "unregister-unknown", withName(new Message().setLabel(NamesProtocol.UNREGISTER), 0, "nobody"));
        raw(c, "list-bad-skip", new Message().setLabel(NamesProtocol.LIST).putInt(0, -1));
        raw(c, "list-long", new Message().setLabel(NamesProtocol.LIST).putLong(0, 1));
        raw(c, "unknown-label", new Message().setLabel(99));
        c.send(new Message().setLabel(NamesProtocol.LOOKUP)); // one-way: nothing to answer, nothing must break
        rawCapabilities(env, c);
        raw(c, "alive", new Message().setLabel(NamesProtocol.LIST));
    }

    /** Capabilities names must refuse: the wrong type, too few rights, one sent over another channel. */
    private static void rawCapabilities(Env env, Client c) {
        Notification n = env.createNotification().orElseThrow();
        int moved = env.transfer(n.handle(), Rights.ALL, c.handle()).orElseThrow();
        raw(c, "register-notification", registerRaw(moved, "note"));
        Server own = env.createEndpoint("raw-own").orElseThrow();
        moved = env.transfer(own.handle(), Rights.SEND, c.handle()).orElseThrow();
        raw(c, "register-without-grant", registerRaw(moved, "nogrant"));
        Client other = env.connect(Names.CAPABILITY).orElseThrow();
        moved = env.transfer(own.handle(), Rights.SEND | Rights.GRANT, other.handle()).orElseThrow();
        raw(c, "register-other-channel", registerRaw(moved, "stolen"));
        raw(other, "register-own-channel", registerRaw(moved, "raw-own"));
        raw(other, "register-again", registerRaw(moved, "raw-own"));
        raw(other, "register-bound-handle", registerRaw(moved, "twice"));
    }

    private static Message registerRaw(int handle, String name) {
        return withName(new Message().setLabel(NamesProtocol.REGISTER).putInt(0, handle), 4, name);
    }

    private static Message withName(Message m, int offset, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, m.buffer(), offset, b.length);
        return m.setLength(offset + b.length);
    }

    private static void raw(Client c, String what, Message request) {
        Message rep = new Message();
        Status s = c.call(request, rep);
        result("raw", what, s == Status.OK ? NamesProtocol.status(rep) : s);
    }
}
