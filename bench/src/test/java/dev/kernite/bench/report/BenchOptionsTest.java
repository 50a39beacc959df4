package dev.kernite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchOptionsTest {

    @Test
    void defaults() {
        BenchOptions o = BenchOptions.parse("ipc");
        assertEquals(new BenchOptions("ipc", false, Optional.empty(), 1, OptionalInt.empty(), OptionalInt.empty(),
                false, false), o);
        assertEquals(100, o.iterationsOr(100, 10));
        assertEquals(5, o.roundsOr(5, 1));
    }

    @Test
    void everyFlag() {
        BenchOptions o = BenchOptions.parse("ipc", "--quick", "--json", "out.json", "--pairs", "4",
                "--iterations=500", "--rounds", "3", "--quiet");
        assertTrue(o.quick());
        assertEquals(Optional.of(Path.of("out.json")), o.json());
        assertEquals(4, o.pairs());
        assertEquals(500, o.iterationsOr(100_000, 2_000));
        assertEquals(3, o.roundsOr(5, 1));
        assertTrue(o.quiet());
        assertFalse(o.help());
    }

    @Test
    void quickPicksTheQuickDefaults() {
        BenchOptions o = BenchOptions.parse("ipc", "--quick", "--json=r.json");
        assertEquals(2_000, o.iterationsOr(100_000, 2_000));
        assertEquals(1, o.roundsOr(5, 1));
        assertEquals(Optional.of(Path.of("r.json")), o.json());
    }

    @Test
    void help() {
        assertTrue(BenchOptions.parse("ipc", "--help").help());
        assertTrue(BenchOptions.parse("ipc", "-h").help());
        assertTrue(BenchOptions.usage("ipc").startsWith("usage: ./kernite bench ipc [--quick]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --fast                  | unknown option '--fast'
            --fast=1                | unknown option '--fast'
            -q                      | unknown option '-q'
            extra                   | unexpected argument 'extra'
            --json                  | --json needs a value
            --json --quick          | --json needs a FILE, got '--quick'
            --pairs 0               | --pairs needs a whole number >= 1, got '0'
            --pairs two             | --pairs needs a whole number >= 1, got 'two'
            --iterations=-5         | --iterations needs a whole number >= 1, got '-5'
            --rounds 99999999999    | --rounds needs a whole number >= 1, got '99999999999'
            --quick --quick         | --quick given twice
            --help -h               | -h given twice
            --quick=yes             | --quick takes no value
            """)
    void badArgumentsGiveOneLineErrors(String args, String problem) {
        var e = assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse("ipc", args.split(" ")));
        assertEquals("bench ipc: " + problem + " (see ./kernite bench ipc --help)", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void progressFollowsQuiet() {
        // Only the type of object can be checked here; ProgressTest covers the output.
        BenchOptions.parse("ipc", "--quiet").progress().line("not shown");
        BenchOptions.parse("ipc").progress();
    }
}
