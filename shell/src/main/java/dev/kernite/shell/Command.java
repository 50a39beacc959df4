package dev.kernite.shell;

import java.util.List;

/**
 * One shell command. {@link #run} gets the words after the command name; it prints its output and its own errors
 * through the {@link Context} and never throws for bad input (a bad argument is one error line, and the session
 * goes on).
 *
 * <p>Thread safety: commands are stateless or confined to the shell's one thread.
 */
public interface Command {
    /** The word that invokes it. */
    String name();

    /** Synopsis, e.g. {@code kill [-9] NAME|PID}. */
    String usage();

    /** One line saying what it does. */
    String summary();

    Outcome run(List<String> args, Context ctx);

    /**
     * Words that may come next, for tab completion, given the arguments already typed before the cursor's word.
     * Filtering by the typed prefix is the completer's job.
     */
    default List<String> candidates(List<String> before, Context ctx) { return List.of(); }
}
