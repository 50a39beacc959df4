package dev.kernite.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Lines from a stream, output to a stream, nothing else: no prompt, no echo, no ANSI — what scripts and tests
 * read. Used when standard input is not a terminal.
 *
 * <p>Thread safety: confined to the shell's one thread.
 */
final class PlainLines implements LineSource {
    private final BufferedReader in;
    private final PrintWriter out;

    PlainLines(InputStream in, OutputStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }

    @Override
    public String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            System.err.println("kernite: reading standard input: " + e.getMessage() + "; ending the session");
            return null;
        }
    }

    @Override
    public PrintWriter out() { return out; }

    @Override
    public void close() { out.flush(); }
}
