package dev.kernite.shell.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {
    private static List<String> words(String line) {
        Words.Split s = Words.split(line);
        assertEquals(null, s.error(), line);
        return s.words();
    }

    @Test
    void blanksSeparateWords() {
        assertEquals(List.of("kill", "-9", "echo"), words("  kill\t-9   echo "));
        assertEquals(List.of(), words(""));
        assertEquals(List.of(), words("   "));
    }

    @Test
    void quotesAndEscapesKeepBlanksInsideAWord() {
        assertEquals(List.of("echo", "a  b", "c d", "it's"), words("echo \"a  b\" c\\ d 'it'\\''s'"));
        assertEquals(List.of("x\"y\\z"), words("\"x\\\"y\\\\z\""));
        assertEquals(List.of("a\\nb"), words("'a\\nb'"));
        assertEquals(List.of(""), words("''"));
    }

    @Test
    void aHashStartingAWordBeginsAComment() {
        assertEquals(List.of("echo", "a#b"), words("echo a#b # the rest is ignored"));
        assertEquals(List.of(), words("# only a comment"));
        assertEquals(List.of("echo", "#"), words("echo '#'"));
    }

    @Test
    void unterminatedQuotesAndTrailingBackslashesAreErrors() {
        assertFalse(Words.split("echo 'open").ok());
        assertEquals("unterminated \" quote", Words.split("echo \"open").error());
        assertEquals("trailing backslash", Words.split("echo end\\").error());
    }
}
