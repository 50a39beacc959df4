package dev.kernite.names;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.names.NamesProtocol;
import dev.kernite.runtime.names.NamesProtocol.ListNames;
import dev.kernite.runtime.names.NamesProtocol.Lookup;
import dev.kernite.runtime.names.NamesProtocol.Register;
import dev.kernite.runtime.names.NamesProtocol.Unregister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The names service: serves the endpoint {@code names} (or the first argument) with the protocol of
 * {@link NamesProtocol} — REGISTER, LOOKUP, UNREGISTER, LIST — mapping service names to endpoint capabilities it
 * holds in its own table.
 *
 * <p>Capabilities: a registrant transfers an endpoint with SEND|GRANT over its channel to names and then
 * REGISTERs the handle the transfer returned. The kernel announces the arrival on names' event thread, which may
 * lag the REGISTER that names it; such a REGISTER is parked (its reply deferred, MINIX style) and answered as soon
 * as the arrival is seen, or with INVALID_HANDLE after {@link #ARRIVAL_WAIT} — names keeps serving meanwhile. A
 * handle is accepted only if it arrived over the very channel the REGISTER came on (so no client can register a
 * capability someone else sent), is an endpoint, carries SEND|GRANT, and is not bound under another name.
 * Rebinding a name closes the handle it replaces; UNREGISTER closes the handle; a capability rejected for its
 * type or rights is closed at once. LOOKUP transfers a SEND copy to the caller and answers its handle.
 *
 * <p>Every malformed request is answered with a status (see {@link NamesProtocol}); nothing a client sends
 * throws. Bindings live in memory: when names restarts, registrants (rs) register again.
 *
 * <p>Thread safety: one thread — the receive loop — owns every field.
 */
public final class NamesServer {
    /** How long a REGISTER waits for its capability to arrive before INVALID_HANDLE. */
    static final Duration ARRIVAL_WAIT = Duration.ofSeconds(1);
    /** How often parked REGISTERs are checked while any wait. */
    private static final Duration PARKED_POLL = Duration.ofMillis(1);
    /** At most this many REGISTERs wait at once (an honest client has one call in flight); more: NO_RESOURCES. */
    static final int MAX_PARKED = 64;

    /** A REGISTER waiting for its capability: the call (holding the reply token), where it came from, until when. */
    private record Parked(Message call, Register request, int via, long deadline) { }

    private final Env env;
    private final Server server;
    private final NameTable table = new NameTable();
    private final List<Parked> parked = new ArrayList<>();

    NamesServer(Env env, Server server) {
        this.env = env;
        this.server = server;
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "names";
        Env env = Env.connect();
        Result<Server> server = env.serve(endpoint);
        if (!server.ok()) {
            System.err.println("names: cannot serve endpoint '" + endpoint + "': " + server.status());
            System.exit(1);
        }
        new NamesServer(env, server.value()).run();
    }

    /** The main loop: receive, decode, dispatch, reply (unless parked); then answer parked REGISTERs that can be. */
    void run() {
        Message msg = new Message();
        while (true) {
            Status s = parked.isEmpty() ? server.receive(msg) : server.receive(msg, PARKED_POLL);
            if (s == Status.OK && msg.expectsReply()) {
                Result<NamesProtocol.Request> r = NamesProtocol.decode(msg);
                if (!r.ok()) reply(msg, r.status());
                else dispatch(msg, r.value());
            } else if (s == Status.BAD_STATE) {
                return; // the endpoint was closed: nothing more will come
            } else if (s != Status.OK && s != Status.TIMED_OUT) {
                System.err.println("names: receive failed: " + s);
            }
            answerParked();
        }
    }

    private void dispatch(Message msg, NamesProtocol.Request request) {
        switch (request) {
            case Register r -> register(msg, r);
            case Lookup l -> lookup(msg, l);
            case Unregister u -> unregister(msg, u);
            case ListNames l -> list(msg, l);
        }
    }

    // ---------------------------------------------------------------- REGISTER

    private void register(Message msg, Register r) {
        int via = server.channelOf(msg);
        if (env.arrival(r.handle()).isPresent() || via == 0) {
            reply(msg, bind(r, via));
        } else if (parked.size() >= MAX_PARKED) {
            reply(msg, Status.NO_RESOURCES);
        } else {
            long deadline = System.nanoTime() + ARRIVAL_WAIT.toNanos();
            parked.add(new Parked(new Message().takeReplyToken(msg), r, via, deadline));
        }
    }

    /** Answers each parked REGISTER whose capability has arrived or whose wait is over. */
    private void answerParked() {
        long now = System.nanoTime();
        for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            if (env.arrival(p.request().handle()).isEmpty() && now - p.deadline() < 0) continue;
            it.remove();
            reply(p.call(), bind(p.request(), p.via()));
        }
    }

    /**
     * Checks the capability named by a REGISTER that came over channel {@code via}, then binds it. A capability of
     * the wrong type or without the needed rights is of no use to names and is closed.
     */
    private Status bind(Register r, int via) {
        Optional<Env.Arrival> a = env.arrival(r.handle());
        if (via == 0 || a.isEmpty() || a.get().via() != via) return Status.INVALID_HANDLE;
        String boundAs = table.nameOf(r.handle());
        if (boundAs != null) return boundAs.equals(r.name()) ? Status.OK : Status.INVALID_HANDLE;
        Status fit = a.get().type() != CapType.ENDPOINT ? Status.WRONG_TYPE
            : !Rights.includes(a.get().rights(), Rights.SEND | Rights.GRANT) ? Status.ACCESS_DENIED : Status.OK;
        if (fit != Status.OK) {
            env.closeHandle(r.handle());
            return fit;
        }
        int replaced = table.bind(r.name(), r.handle());
        if (replaced != 0) env.closeHandle(replaced);
        System.out.println("names: " + r.name() + (replaced != 0 ? " rebound" : " bound") + " (handle " + r.handle() + ")");
        return Status.OK;
    }

    // ---------------------------------------------------------------- LOOKUP, UNREGISTER, LIST

    private void lookup(Message msg, Lookup l) {
        int handle = table.lookup(l.name());
        if (handle == 0) {
            reply(msg, Status.NOT_FOUND);
            return;
        }
        Result<Integer> copy = env.transfer(handle, Rights.SEND, server.channelOf(msg));
        if (!copy.ok()) reply(msg, copy.status());
        else server.reply(NamesProtocol.reply(msg, Status.OK).putInt(0, copy.value()));
    }

    private void unregister(Message msg, Unregister u) {
        int handle = table.unbind(u.name());
        if (handle != 0) env.closeHandle(handle);
        reply(msg, handle != 0 ? Status.OK : Status.NOT_FOUND);
    }

    private void list(Message msg, ListNames l) {
        NamesProtocol.putNames(msg, table.names(l.skip()));
        server.reply(msg);
    }

    private void reply(Message msg, Status status) {
        server.reply(NamesProtocol.reply(msg, status));
    }
}
