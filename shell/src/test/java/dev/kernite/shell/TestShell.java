package dev.kernite.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A shell over fakes: the standard command table, a fake system and rs, output captured, sleeps recorded. */
public final class TestShell {
    public final FakeSystem system = new FakeSystem();
    public final FakeServices services = new FakeServices();
    public final FakeFiles files = new FakeFiles();
    public final List<Duration> slept = new ArrayList<>();
    private final StringWriter buffer = new StringWriter();
    public final Context ctx = new Context(Shell.standardCommands(), system, services, files, new PrintWriter(buffer, true), slept::add);

    public Outcome lastOutcome;

    /** Runs one line and returns what it printed (and forgets it). */
    public String run(String line) {
        lastOutcome = ctx.commands().execute(line, ctx);
        String out = buffer.toString();
        buffer.getBuffer().setLength(0);
        return out;
    }

    /** Runs one line and returns its output lines. */
    public List<String> lines(String line) {
        return run(line).lines().toList();
    }

    /** Drives a whole session through plain lines, as a script on standard input would; returns its output. */
    public String session(String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlainLines lines = new PlainLines(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out);
        Context c = new Context(ctx.commands(), system, services, files, lines.out(), slept::add);
        Shell.session(lines, c);
        lines.close();
        return out.toString(StandardCharsets.UTF_8);
    }
}
