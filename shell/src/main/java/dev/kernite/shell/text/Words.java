package dev.kernite.shell.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words, as a small POSIX shell would: blanks separate words; {@code '...'} quotes
 * literally; {@code "..."} quotes with {@code \"} and {@code \\} escapes; a backslash outside quotes escapes the
 * next character; {@code #} at the start of a word begins a comment. An unquoted {@code >} or {@code >>} (with or
 * without blanks around it) sends the command's output to the file named by the next word, replacing or
 * appending; one redirection per line.
 *
 * <p>Thread safety: stateless.
 */
public final class Words {
    /** Where the output goes: {@code path}, replaced ({@code >}) or appended to ({@code >>}). */
    public record Redirect(String path, boolean append) { }

    /**
     * The words of a line and its redirection (null when none), or why it could not be split ({@code error} is
     * null when it could).
     */
    public record Split(List<String> words, Redirect redirect, String error) {
        public Split {
            words = List.copyOf(words);
        }

        public boolean ok() { return error == null; }

        static Split of(List<String> words, Redirect redirect) { return new Split(words, redirect, null); }

        static Split failed(String error) { return new Split(List.of(), null, error); }
    }

    private Words() {}

    public static Split split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int redirectAt = -1;
        boolean append = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c) || c == '>') {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
                if (c == '>') {
                    if (redirectAt >= 0) return Split.failed("only one redirection (> or >>) per line");
                    append = i + 1 < line.length() && line.charAt(i + 1) == '>';
                    redirectAt = words.size();
                    i += append ? 2 : 1;
                } else {
                    i++;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else {
                inWord = true;
                i = c == '\'' || c == '"' ? quoted(line, i, word) : escaped(line, i, word);
                if (i < 0) return Split.failed(c == '\\' ? "trailing backslash" : "unterminated " + c + " quote");
            }
        }
        if (inWord) words.add(word.toString());
        if (redirectAt < 0) return Split.of(words, null);
        // The word right after the operator names the file; it leaves the command's words.
        if (redirectAt >= words.size()) return Split.failed("no file named after " + (append ? ">>" : ">"));
        String path = words.remove(redirectAt);
        return Split.of(words, new Redirect(path, append));
    }

    /** Appends the character at {@code i} (or the one a backslash escapes); returns the next index, -1 on error. */
    private static int escaped(String line, int i, StringBuilder word) {
        if (line.charAt(i) != '\\') {
            word.append(line.charAt(i));
            return i + 1;
        }
        if (i + 1 >= line.length()) return -1;
        word.append(line.charAt(i + 1));
        return i + 2;
    }

    /** Appends a quoted run starting at the quote at {@code i}; returns the index after the closing quote, -1 if none. */
    private static int quoted(String line, int i, StringBuilder word) {
        char quote = line.charAt(i);
        int j = i + 1;
        while (j < line.length() && line.charAt(j) != quote) {
            char c = line.charAt(j);
            boolean escape = quote == '"' && c == '\\' && j + 1 < line.length()
                && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\');
            word.append(escape ? line.charAt(j + 1) : c);
            j += escape ? 2 : 1;
        }
        return j < line.length() ? j + 1 : -1;
    }
}
