package dev.kernite.shell;

import dev.kernite.shell.text.Words;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dispatcher: commands by name, in the order {@code help} lists them. {@link #execute} splits a line into
 * words, looks the first up and runs it with the rest.
 *
 * <p>Thread safety: immutable after construction (commands themselves are confined to the shell's thread).
 */
public final class CommandTable {
    private final Map<String, Command> byName = new LinkedHashMap<>();

    public CommandTable(List<Command> commands) {
        for (Command c : commands) {
            if (byName.putIfAbsent(c.name(), c) != null) throw new IllegalArgumentException("two commands named " + c.name());
        }
    }

    public Optional<Command> find(String name) { return Optional.ofNullable(byName.get(name)); }

    public Collection<Command> all() { return byName.values(); }

    public List<String> names() { return List.copyOf(byName.keySet()); }

    /**
     * Completion: the words that may follow {@code before} (the words typed before the cursor's word) — command
     * names first, then what the command offers.
     */
    public List<String> candidates(List<String> before, Context ctx) {
        if (before.isEmpty()) return names();
        Command c = byName.get(before.getFirst());
        return c == null ? List.of() : c.candidates(before.subList(1, before.size()), ctx);
    }

    /** Runs one line: blank lines and comments do nothing; a bad line is one error line. */
    public Outcome execute(String line, Context ctx) {
        Words.Split split = Words.split(line);
        if (!split.ok()) {
            ctx.error(split.error());
            return Outcome.CONTINUE;
        }
        List<String> words = split.words();
        if (words.isEmpty()) return Outcome.CONTINUE;
        Command c = byName.get(words.getFirst());
        if (c == null) {
            ctx.error("unknown command '" + words.getFirst() + "' (try help)");
            return Outcome.CONTINUE;
        }
        if (split.redirect() != null) return redirected(c, words.subList(1, words.size()), split.redirect(), ctx);
        return run(c, words.subList(1, words.size()), ctx);
    }

    /** Runs {@code c} with its output going to a file (replaced or appended to); errors still reach the terminal. */
    private static Outcome redirected(Command c, List<String> args, Words.Redirect r, Context ctx) {
        String path = ctx.path(r.path());
        var file = ctx.files().openWrite(path, r.append());
        if (!file.ok()) {
            ctx.error(path + ": " + file.error().describe());
            return Outcome.CONTINUE;
        }
        PrintWriter w = new PrintWriter(new OutputStreamWriter(file.value(), StandardCharsets.UTF_8));
        Outcome o = run(c, args, ctx.redirectedTo(w));
        w.close();
        if (w.checkError()) ctx.error(path + ": the output could not all be written");
        return o;
    }

    /**
     * A command that throws has a bug; the session must outlive it anyway (when the session ends the whole system
     * shuts down), so the bug is reported as one error line with its stack trace on standard error.
     */
    private static Outcome run(Command c, List<String> args, Context ctx) {
        try {
            return c.run(args, ctx);
        } catch (RuntimeException e) {
            ctx.error(c.name() + ": internal error: " + e);
            e.printStackTrace();
            return Outcome.CONTINUE;
        } finally {
            ctx.out().flush();
        }
    }
}
