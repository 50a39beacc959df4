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

    @Test
    void anUnquotedGreaterThanRedirectsTheOutput() {
        Words.Split s = Words.split("echo hello world > /notes.txt");
        assertEquals(List.of("echo", "hello", "world"), s.words());
        assertEquals(new Words.Redirect("/notes.txt", false), s.redirect());
        s = Words.split("echo a>>'/my notes'");
        assertEquals(List.of("echo", "a"), s.words());
        assertEquals(new Words.Redirect("/my notes", true), s.redirect());
        s = Words.split("ps >out extra");
        assertEquals(List.of("ps", "extra"), s.words());
        assertEquals(new Words.Redirect("out", false), s.redirect());
        assertEquals(null, Words.split("echo a").redirect());
    }

    @Test
    void aQuotedOrEscapedGreaterThanIsAnOrdinaryCharacter() {
        assertEquals(List.of("echo", "a>b", ">", ">>"), words("echo 'a>b' \\> \">>\""));
        assertEquals(null, Words.split("echo '>' x").redirect());
    }

    @Test
    void aRedirectionWithoutAFileOrTwoRedirectionsAreErrors() {
        assertEquals("no file named after >", Words.split("echo a >").error());
        assertEquals("no file named after >>", Words.split("echo a >>   ").error());
        assertEquals("only one redirection (> or >>) per line", Words.split("echo a > x > y").error());
        assertFalse(Words.split("echo > # comment").ok());
    }
}
