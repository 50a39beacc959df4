package dev.kernite.probe;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Notification;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import java.time.Duration;
import java.util.Arrays;

/**
 * One probe process, its behaviour chosen by the first argument. It reports through {@code RESULT} lines on
 * standard output, which the kernel writes to the process's log; the system tests read them there.
 *
 * <pre>
 *   call ENDPOINT N        N calls with checked payloads         → RESULT call ok N | RESULT call fail STATUS AT
 *   loop ENDPOINT          calls until one fails                  → RESULT loop STATUS AFTER_CALLS
 *   block ENDPOINT         one call that the server never answers → RESULT block STATUS MILLIS
 *   guess HANDLE           connect with a made-up handle          → RESULT guess STATUS
 *   connect NAME           connect by name in the environment     → RESULT connect STATUS
 *   sink ENDPOINT          serve: receive calls, never reply
 *   vault ENDPOINT         serve: hand each caller a notification, report its signal
 *   borrow ENDPOINT        call a vault, check and use what arrives
 *   register, lookup, unregister, list, names-raw, svcloop, svcfor, svcseq, stall, hold: names and recovery, see NamesProbe
 *   quota, hog, lender, borrower, dma: dataspaces and devices, see MemoryProbe
 *   blkbad: a block client that breaks the protocol, see BlockProbe
 * </pre>
 */
public final class Probe {
    private Probe() {}

    public static void main(String[] args) throws Exception {
        Env env = Env.connect();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "call" -> call(env, rest[0], Integer.parseInt(rest[1]));
            case "loop" -> loop(env, rest[0]);
            case "block" -> block(env, rest[0]);
            case "guess" -> result("guess", env.connect(Integer.parseInt(rest[0])).status());
            case "connect" -> result("connect", env.connect(rest[0]).status());
            case "sink" -> sink(env, rest[0]);
            case "vault" -> Vault.serve(env, rest[0]);
            case "borrow" -> Vault.borrow(env, rest[0]);
            case "register" -> NamesProbe.register(env, rest[0], rest[1]);
            case "lookup" -> NamesProbe.lookup(env, rest[0]);
            case "unregister" -> NamesProbe.unregister(env, rest[0]);
            case "list" -> NamesProbe.list(env);
            case "names-raw" -> NamesProbe.raw(env);
            case "svcloop" -> NamesProbe.svcloop(env, rest[0], Integer.parseInt(rest[1]));
            case "svcfor" -> NamesProbe.svcfor(env, rest[0], Double.parseDouble(rest[1]));
            case "svcseq" -> NamesProbe.svcseq(env, rest[0], Integer.parseInt(rest[1]));
            case "stall" -> NamesProbe.stall(env, rest[0]);
            case "hold" -> NamesProbe.hold(env, rest[0]);
            case "quota" -> MemoryProbe.quota(env, Long.parseLong(rest[0]));
            case "hog" -> MemoryProbe.hog(env, Long.parseLong(rest[0]), Integer.parseInt(rest[1]));
            case "lender" -> MemoryProbe.lender(env, rest[0]);
            case "borrower" -> MemoryProbe.borrower(env, rest[0]);
            case "dma" -> MemoryProbe.dma(env, rest[0], Long.parseLong(rest[1]));
            case "blkbad" -> BlockProbe.bad(env);
            default -> result("usage", Status.INVALID_ARGUMENT);
        }
        System.exit(0);
    }

    static void result(Object... words) {
        StringBuilder b = new StringBuilder("RESULT");
        for (Object w : words) b.append(' ').append(w);
        System.out.println(b);
        System.out.flush();
    }

    private static void call(Env env, String endpoint, int n) {
        Client c = env.connect(endpoint).orElseThrow();
        Message req = new Message(), rep = new Message();
        for (int i = 0; i < n; i++) {
            req.clear().setLabel(i).putLong(0, i * 31L).putInt(8, ~i);
            Status s = c.call(req, rep);
            if (s != Status.OK || rep.label() != i || rep.length() != 12 || rep.getLong(0) != i * 31L || rep.getInt(8) != ~i) {
                result("call", "fail", s, i);
                return;
            }
        }
        result("call", "ok", n);
    }

    private static void loop(Env env, String endpoint) {
        Client c = env.connect(endpoint).orElseThrow();
        Message req = new Message().setPayload(new byte[64]), rep = new Message();
        long calls = 0;
        result("loop", "started");
        while (true) {
            Status s = c.call(req, rep, Duration.ofSeconds(30));
            if (s != Status.OK) {
                result("loop", s, calls);
                return;
            }
            calls++;
        }
    }

    private static void block(Env env, String endpoint) {
        Client c = env.connect(endpoint).orElseThrow();
        result("block", "calling");
        Status s = c.call(new Message().setLabel(1), new Message());
        // The time is measured by the test from the kill to this line; the probe reports the status.
        result("block", s, System.currentTimeMillis());
    }

    private static void sink(Env env, String endpoint) {
        Server s = env.serve(endpoint).orElseThrow();
        Message m = new Message();
        while (true) {
            Status st = s.receive(m);
            if (st == Status.OK) result("sink", "got", m.label());
        }
    }

    /** Capability transfer: the vault hands out notifications with restricted rights. */
    static final class Vault {
        private Vault() {}

        static void serve(Env env, String endpoint) {
            Server s = env.serve(endpoint).orElseThrow();
            Message m = new Message();
            while (true) {
                if (s.receive(m) != Status.OK) continue;
                Notification n = env.createNotification().orElseThrow();
                Result<Integer> moved = env.transfer(n.handle(), Rights.SIGNAL | Rights.WAIT, s.channelOf(m));
                m.setLength(0).putInt(0, moved.ok() ? moved.value() : 0).putInt(4, moved.status().code());
                s.reply(m);
                Result<Integer> bits = n.await(Duration.ofSeconds(20));
                result("vault", "signalled", bits.ok() ? bits.value() : bits.status());
            }
        }

        static void borrow(Env env, String endpoint) throws InterruptedException {
            Client c = env.connect(endpoint).orElseThrow();
            Message rep = new Message();
            Status s = c.call(new Message(), rep);
            if (s != Status.OK) { result("borrow", "call", s); return; }
            int handle = rep.getInt(0);
            Env.Arrival a = null;
            for (int i = 0; i < 200 && a == null; i++) {
                a = env.arrival(handle).orElse(null);
                if (a == null) Thread.sleep(10);
            }
            if (a == null) { result("borrow", "nothing-arrived", handle); return; }
            result("borrow", "arrived", a.type(), Rights.toString(a.rights()));
            // Rights only shrink: without GRANT we cannot pass it on, even back to where it came from.
            result("borrow", "regrant", env.transfer(handle, Rights.ALL, c.handle()).status());
            Notification n = env.takeNotification(handle).orElseThrow();
            if (a.type() == CapType.NOTIFICATION) n.signal(0x5);
            result("borrow", "signalled");
        }
    }
}
