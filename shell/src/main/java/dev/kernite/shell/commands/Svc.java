package dev.kernite.shell.commands;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.ServiceControl.Service;
import dev.kernite.shell.text.Format;
import dev.kernite.shell.text.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code svc list|start|stop|restart NAME}: rs's service table and its controls.
 *
 * <p>{@code svc start} takes a service name from the manifest, or a path to a file holding one manifest
 * {@code [section]} (a word with a slash, or ending in {@code .manifest} or {@code .kmf}, is a path); the file's
 * text is sent to rs, which starts it as a new service.
 *
 * <pre>
 *   NAME   STATE    PID    RESTARTS  UPTIME  POLICY      LAST EXIT
 *   echo   running  41277         1     42s  always      killed (signal 9)
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Svc implements Command {
    private static final List<String> SUBCOMMANDS = List.of("list", "start", "stop", "restart");
    private static final Pattern SECTION = Pattern.compile("(?m)^\\s*\\[([^\\]]*)\\]\\s*(#.*)?$");

    @Override public String name() { return "svc"; }

    @Override public String usage() { return "svc list|start|stop|restart NAME|FILE"; }

    @Override public String summary() { return "list, start, stop or restart services (rs)"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        String sub = args.isEmpty() ? "list" : args.getFirst();
        if (sub.equals("list")) return args.size() <= 1 ? list(ctx) : ctx.usage(this);
        if (args.size() != 2 || !SUBCOMMANDS.contains(sub)) return ctx.usage(this);
        String target = args.get(1);
        return switch (sub) {
            case "start" -> isPath(target) ? startFile(Path.of(target), ctx) : done("start", target, ctx.services().start(target), ctx);
            case "stop" -> done("stop", target, ctx.services().stop(target), ctx);
            default -> done("restart", target, ctx.services().restart(target), ctx);
        };
    }

    private static Outcome list(Context ctx) {
        Result<List<Service>> r = ctx.services().list();
        if (!r.ok()) {
            ctx.error("svc list: " + Explain.status(r.status()));
            return Outcome.CONTINUE;
        }
        table(r.value(), ctx.system().nowMillis()).print(ctx.out());
        return Outcome.CONTINUE;
    }

    static Table table(List<Service> services, long now) {
        Table t = new Table(Table.left("NAME"), Table.left("STATE"), Table.right("PID"), Table.right("RESTARTS"),
            Table.right("UPTIME"), Table.left("POLICY"), Table.left("LAST EXIT"));
        for (Service s : services) {
            boolean running = s.pid() > 0;
            t.row(s.name(), s.state(), running ? s.pid() : null, s.restarts(),
                running && s.startedMillis() > 0 ? Format.duration(now - s.startedMillis()) : null, s.policy(),
                s.lastExit() == null || s.lastExit().isBlank() ? null : s.lastExit());
        }
        return t;
    }

    static boolean isPath(String word) {
        return word.contains("/") || word.endsWith(".manifest") || word.endsWith(".kmf");
    }

    /** Reads one manifest section from {@code file} and asks rs to start it. */
    private static Outcome startFile(Path file, Context ctx) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            ctx.error("svc start: cannot read " + file + ": " + e.getMessage());
            return Outcome.CONTINUE;
        }
        String problem = sectionProblem(text);
        if (problem != null) {
            ctx.error("svc start: " + file + ": " + problem);
            return Outcome.CONTINUE;
        }
        return done("start", sectionName(text), ctx.services().start(text), ctx);
    }

    /** Why {@code text} is not one manifest section that fits in a message; null when it is. */
    static String sectionProblem(String text) {
        Matcher m = SECTION.matcher(text);
        int sections = 0;
        while (m.find()) sections++;
        if (sections != 1) return "must hold exactly one [section], found " + sections;
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > Message.MAX_PAYLOAD) return "section is " + size + " bytes, at most " + Message.MAX_PAYLOAD + " fit in a request";
        return null;
    }

    static String sectionName(String text) {
        Matcher m = SECTION.matcher(text);
        return m.find() ? m.group(1).trim() : "?";
    }

    private static Outcome done(String verb, String service, Status s, Context ctx) {
        if (s.isOk()) ctx.println(service + ": " + verb + (verb.equals("stop") ? "ped" : "ed"));
        else ctx.error("svc " + verb + " " + service + ": " + Explain.status(s));
        return Outcome.CONTINUE;
    }

    @Override
    public List<String> candidates(List<String> before, Context ctx) {
        if (before.isEmpty()) return SUBCOMMANDS;
        if (before.size() == 1 && !before.getFirst().equals("list") && SUBCOMMANDS.contains(before.getFirst())) {
            return ctx.serviceNames();
        }
        return List.of();
    }
}
