package dev.kernite.bench.report;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The options every {@code ./kernite bench <name>} subcommand accepts, decoded and checked once.
 *
 * <pre>
 *   --quick          fewer iterations and rounds: a smoke run, numbers are indicative only
 *   --json FILE      also write the results as JSON to FILE
 *   --pairs N        concurrent client/server pairs (benchmarks that scale out), N &gt;= 1, default 1
 *   --iterations N   measured iterations per round, overriding the benchmark's default
 *   --rounds N       rounds (each a fresh run) per configuration, overriding the default
 *   --quiet          no progress lines on stderr
 *   -h, --help       print usage
 * </pre>
 *
 * Values may also be written {@code --json=FILE}. A flag given twice, a missing or malformed value, an unknown
 * flag or a stray argument is a {@link UsageException} whose message is one line naming the problem.
 *
 * @param bench      the subcommand name, e.g. "ipc", used in messages
 * @param quick      run the short configuration
 * @param json       where to write JSON results, if anywhere
 * @param pairs      concurrent pairs, at least 1
 * @param iterations measured iterations per round when overridden
 * @param rounds     rounds per configuration when overridden
 * @param quiet      suppress progress output
 * @param help       usage was asked for; the caller prints {@link #usage(String)} and exits 0
 *
 * <p>Thread safety: immutable.
 */
public record BenchOptions(String bench, boolean quick, Optional<Path> json, int pairs, OptionalInt iterations,
                           OptionalInt rounds, boolean quiet, boolean help) {

    /** A bad command line. The message is one line, fit to print after "kernite: ". */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    public BenchOptions {
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be >= 1: " + pairs);
        }
    }

    /** The usage text for subcommand {@code bench}, several lines, ending in a newline. */
    public static String usage(String bench) {
        return "usage: ./kernite bench " + bench + " [--quick] [--json FILE] [--pairs N] [--iterations N]"
                + " [--rounds N] [--quiet]\n"
                + "  --quick          fewer iterations and rounds (a smoke run; numbers indicative only)\n"
                + "  --json FILE      also write the results as JSON to FILE\n"
                + "  --pairs N        concurrent client/server pairs, default 1\n"
                + "  --iterations N   measured iterations per round\n"
                + "  --rounds N       rounds per configuration\n"
                + "  --quiet          no progress lines on stderr\n";
    }

    /** Parses {@code args} for subcommand {@code bench}. */
    public static BenchOptions parse(String bench, String... args) {
        return parse(bench, List.of(args));
    }

    /**
     * Parses {@code args} (the words after the subcommand name) for subcommand {@code bench}.
     *
     * @throws UsageException on any bad argument
     */
    public static BenchOptions parse(String bench, List<String> args) {
        Parser p = new Parser(bench);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String inline = eq < 0 ? null : arg.substring(eq + 1);
            p.checkKnown(flag);
            boolean takesValue = p.takesValue(flag);
            if (inline != null && !takesValue) {
                throw p.error(flag + " takes no value");
            }
            String value = inline;
            if (takesValue && value == null) {
                if (i + 1 >= args.size()) {
                    throw p.error(flag + " needs a value");
                }
                value = args.get(++i);
            }
            p.accept(flag, value);
        }
        return p.result();
    }

    /** {@code --iterations} when given, else {@code quickDefault} or {@code fullDefault} by {@link #quick}. */
    public int iterationsOr(int fullDefault, int quickDefault) {
        return iterations.orElse(quick ? quickDefault : fullDefault);
    }

    /** {@code --rounds} when given, else {@code quickDefault} or {@code fullDefault} by {@link #quick}. */
    public int roundsOr(int fullDefault, int quickDefault) {
        return rounds.orElse(quick ? quickDefault : fullDefault);
    }

    /** Progress on stderr for this benchmark, silent under {@code --quiet}. */
    public Progress progress() {
        return quiet ? Progress.silent() : new Progress(System.err, bench, true);
    }

    /** Accumulates flags; one instance per parse. */
    private static final class Parser {
        private static final Set<String> KNOWN = Set.of("--quick", "--json", "--pairs", "--iterations",
                "--rounds", "--quiet", "-h", "--help");

        private final String bench;
        private final Set<String> seen = new HashSet<>();
        private boolean quick;
        private Path json;
        private int pairs = 1;
        private OptionalInt iterations = OptionalInt.empty();
        private OptionalInt rounds = OptionalInt.empty();
        private boolean quiet;
        private boolean help;

        Parser(String bench) {
            this.bench = bench;
        }

        void checkKnown(String flag) {
            if (!flag.startsWith("-")) {
                throw error("unexpected argument '" + flag + "'");
            }
            if (!KNOWN.contains(flag)) {
                throw error("unknown option '" + flag + "'");
            }
        }

        boolean takesValue(String flag) {
            return switch (flag) {
                case "--json", "--pairs", "--iterations", "--rounds" -> true;
                default -> false;
            };
        }

        void accept(String flag, String value) {
            if (!seen.add(flag.equals("-h") ? "--help" : flag)) {
                throw error(flag + " given twice");
            }
            switch (flag) {
                case "--quick" -> quick = true;
                case "--quiet" -> quiet = true;
                case "-h", "--help" -> help = true;
                case "--json" -> json = path(flag, value);
                case "--pairs" -> pairs = positive(flag, value);
                case "--iterations" -> iterations = OptionalInt.of(positive(flag, value));
                case "--rounds" -> rounds = OptionalInt.of(positive(flag, value));
                default -> throw error("unknown option '" + flag + "'");
            }
        }

        BenchOptions result() {
            return new BenchOptions(bench, quick, Optional.ofNullable(json), pairs, iterations, rounds, quiet, help);
        }

        private Path path(String flag, String value) {
            if (value.isBlank() || value.startsWith("--")) {
                throw error(flag + " needs a FILE, got '" + value + "'");
            }
            return Path.of(value);
        }

        private int positive(String flag, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the one error below
            }
            throw error(flag + " needs a whole number >= 1, got '" + value + "'");
        }

        UsageException error(String problem) {
            return new UsageException("bench " + bench + ": " + problem + " (see ./kernite bench " + bench
                    + " --help)");
        }
    }
}
