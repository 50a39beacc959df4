package dev.kernite.rs;

import dev.kernite.abi.Status;
import dev.kernite.abi.control.Privileges;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import dev.kernite.runtime.rs.Manifest;
import dev.kernite.runtime.rs.ManifestException;
import dev.kernite.runtime.rs.ModuleCheck;
import dev.kernite.runtime.rs.RsClient.ServiceInfo;
import dev.kernite.runtime.rs.RsProtocol;
import dev.kernite.runtime.rs.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * rs's request handlers: each checks a decoded request against the service table (a new section is admitted only
 * if its dependencies, grants, endpoints, privileges and module are all good), and only then asks the
 * {@link Supervisor} to act. Requests whose reply must wait (STOP, RESTART, AWAIT_READY) get a message holding
 * the caller's reply token.
 *
 * <p>Thread safety: owned by rs's main thread.
 */
final class Requests {
    private final Server server;
    private final ServiceTable table;
    private final Supervisor supervisor;
    private final ModuleCheck modules;
    private final int privileges;

    Requests(Server server, ServiceTable table, Supervisor supervisor, ModuleCheck modules, int privileges) {
        this.server = server;
        this.table = table;
        this.supervisor = supervisor;
        this.modules = modules;
        this.privileges = privileges;
    }

    /** START by name, or of a new section (which replaces a stopped service of the same name). */
    Status start(RsProtocol.Start r) {
        if (r.isName()) {
            Optional<Service> s = table.service(r.text());
            if (s.isEmpty()) return Status.NOT_FOUND;
            Optional<String> problem = modules.problem(s.get().descriptor);
            if (problem.isPresent()) return refuse(s.get().name(), problem.get(), Status.INVALID_ARGUMENT);
            return supervisor.start(s.get());
        }
        if (supervisor.shuttingDown()) return Status.BAD_STATE;
        Result<ServiceDescriptor> d = admit(r.text());
        if (!d.ok()) return d.status();
        Optional<Service> existing = table.service(d.value().name());
        if (existing.isPresent() && existing.get().state.active()) return Status.ALREADY_EXISTS;
        Service s = existing.orElseGet(() -> new Service(d.value()));
        s.descriptor = d.value();
        table.add(s);
        return supervisor.start(s);
    }

    /** Why a new section cannot be admitted: the status to answer and the reason for rs's log. */
    private record Refusal(Status status, String why) { }

    /** Parses a section and checks it against the table; says why not in rs's log. */
    private Result<ServiceDescriptor> admit(String text) {
        ServiceDescriptor d;
        try {
            d = Manifest.parseSection("START", text);
        } catch (ManifestException e) {
            Supervisor.log("START refused: " + e.getMessage());
            return Result.error(Status.INVALID_ARGUMENT);
        }
        Optional<Refusal> no = refusal(d);
        return no.isEmpty() ? Result.ok(d) : Result.error(refuse(d.name(), no.get().why(), no.get().status()));
    }

    /** The first problem with {@code d} joining the table, if any. */
    private Optional<Refusal> refusal(ServiceDescriptor d) {
        for (String n : d.needs()) {
            if (n.equals(d.name()) || table.service(n).isEmpty()) return invalid("needs unknown service '" + n + "'");
        }
        for (String g : d.grants()) {
            if (!g.equals(ServiceDescriptor.RS) && table.servingEndpoint(g, d.name()).isEmpty()) return invalid("grants unknown endpoint '" + g + "'");
        }
        for (String e : d.endpoints()) {
            if (e.equals(ServiceDescriptor.RS) || table.servingEndpoint(e, d.name()).isPresent()) {
                return Optional.of(new Refusal(Status.ALREADY_EXISTS, "endpoint '" + e + "' is taken"));
            }
        }
        Optional<Service> session = table.services().stream().filter(x -> x.descriptor.session() && !x.name().equals(d.name())).findFirst();
        if (d.session() && session.isPresent()) return invalid("a second session service (first: " + session.get().name() + ")");
        List<String> cycle = cycleWith(d);
        if (!cycle.isEmpty()) return invalid("dependency cycle " + String.join(" -> ", cycle));
        if ((d.privileges() & ~privileges) != 0) {
            return Optional.of(new Refusal(Status.ACCESS_DENIED, "rs cannot give privileges " + Privileges.toString(d.privileges())));
        }
        return modules.problem(d).flatMap(this::invalid);
    }

    private Optional<Refusal> invalid(String why) {
        return Optional.of(new Refusal(Status.INVALID_ARGUMENT, why));
    }

    private List<String> cycleWith(ServiceDescriptor d) {
        List<ServiceDescriptor> all = new ArrayList<>(table.descriptors().stream().filter(x -> !x.name().equals(d.name())).toList());
        all.add(d);
        return Manifest.findCycle(all);
    }

    private static Status refuse(String name, String why, Status status) {
        Supervisor.log("START " + name + " refused: " + why);
        return status;
    }

    void stop(RsProtocol.Stop r, Message waiter) {
        Optional<Service> s = table.service(r.name());
        if (s.isEmpty()) reply(waiter, Status.NOT_FOUND);
        else supervisor.stop(s.get(), waiter);
    }

    void restart(RsProtocol.Restart r, Message waiter) {
        Optional<Service> s = table.service(r.name());
        if (s.isEmpty()) reply(waiter, Status.NOT_FOUND);
        else supervisor.restart(s.get(), waiter);
    }

    /** KILL by service name, else by pid: NOT_FOUND unless that names a live process of a service. */
    Status kill(RsProtocol.Kill k) {
        Optional<Instance> i = table.service(k.target()).map(s -> s.current);
        if (i.isEmpty() && k.target().matches("\\d{1,9}")) i = table.byPid(Integer.parseInt(k.target()));
        return i.isPresent() ? supervisor.kill(i.get(), k.force()) : Status.NOT_FOUND;
    }

    void awaitReady(RsProtocol.AwaitReady a, Message waiter) {
        Optional<Service> s = table.service(a.name());
        if (s.isEmpty()) reply(waiter, Status.NOT_FOUND);
        else supervisor.awaitReady(s.get(), a.deadlineMillis(), waiter);
    }

    /** LIST: the table from row {@code skip} on, as many rows as fit; the reply is built in {@code msg}. */
    Message list(RsProtocol.ListServices l, Message msg) {
        List<ServiceInfo> rows = table.infos();
        RsProtocol.putRows(msg, rows.subList(Math.min(l.skip(), rows.size()), rows.size()));
        return msg;
    }

    private void reply(Message waiter, Status status) {
        server.reply(RsProtocol.reply(waiter, status));
    }
}
