package dev.kernite.shell;

import java.io.PrintWriter;

/**
 * Where the session's command lines come from and its output goes: a terminal with line editing
 * ({@link TerminalLines}) or plain standard input and output ({@link PlainLines}).
 *
 * <p>Thread safety: confined to the shell's one thread.
 */
interface LineSource extends AutoCloseable {
    /** The next line, without its terminator; null at the end of input. */
    String readLine();

    PrintWriter out();

    @Override
    void close();
}
