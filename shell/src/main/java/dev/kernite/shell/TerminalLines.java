package dev.kernite.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Lines from a real terminal through JLine: line editing, persistent history, tab completion of commands,
 * subcommands and service names, and the prompt {@code kernite> }.
 *
 * <p>The shell owns the console, and every Kernite process — the kernel included — shares the terminal's
 * foreground process group, so a Ctrl-C turned into SIGINT by the terminal would kill them all. The terminal's
 * ISIG flag is therefore cleared while the shell runs. JLine still reads the interrupt character as a key: Ctrl-C
 * abandons the line being typed and gives a fresh prompt (typed while a command runs, it takes effect at the next
 * prompt; it does not stop the command). Ctrl-D on an empty line ends the session. {@link #close()} (also run at
 * JVM exit) restores the terminal as it was.
 *
 * <p>JLine talks to the terminal through its {@code exec} provider ({@code stty}), which needs no native access:
 * service JVMs enable native access for {@code kernite.sys} only.
 *
 * <p>Thread safety: confined to the shell's one thread; {@link #close()} may also run from the exit hook.
 */
final class TerminalLines implements LineSource {
    static final String PROMPT = "kernite> ";

    private final Terminal terminal;
    private final LineReader reader;
    private final Thread restoreAtExit;
    private volatile Function<List<String>, List<String>> candidates = before -> List.of();

    TerminalLines(Terminal terminal, Path history) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("kernite")
            .variable(LineReader.HISTORY_FILE, history)
            .completer((r, line, out) -> complete(line, out))
            .build();
        this.restoreAtExit = new Thread(this::closeTerminal, "kernite-shell-terminal-restore");
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
    }

    /** A line source on the system terminal, or null when JLine finds no usable (non-dumb) terminal. */
    static TerminalLines open(Path history) throws IOException {
        Path dir = history.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Terminal t = TerminalBuilder.builder().system(true).provider("exec").dumb(true).build();
        if (t.getType().startsWith(Terminal.TYPE_DUMB)) {
            t.close();
            return null;
        }
        Attributes a = t.getAttributes();
        a.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        t.setAttributes(a);
        return new TerminalLines(t, history);
    }

    /** Sets what tab completion offers: the words that may follow the words before the cursor's word. */
    void completeWith(Function<List<String>, List<String>> candidates) {
        this.candidates = candidates;
    }

    private void complete(ParsedLine line, List<Candidate> out) {
        List<String> before = line.words().subList(0, Math.min(line.wordIndex(), line.words().size()));
        for (String c : candidates.apply(before)) out.add(new Candidate(c));
    }

    @Override
    public String readLine() {
        try {
            return reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public PrintWriter out() { return terminal.writer(); }

    @Override
    public void close() {
        closeTerminal();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook is running or has run
        }
    }

    private void closeTerminal() {
        try {
            reader.getHistory().save();
            terminal.close();
        } catch (IOException e) {
            System.err.println("kernite: restoring the terminal: " + e.getMessage());
        }
    }
}
