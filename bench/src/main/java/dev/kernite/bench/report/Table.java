package dev.kernite.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An aligned plain-text table: a title line, a header row, a rule, the rows, then optional notes.
 *
 * <pre>
 * ipc round trip, 64-byte messages (µs)
 * transport          min   p50   p99  p99.9  vs Kernite
 * ---------------  -----  ----  ----  -----  ----------
 * Kernite channel   0.41  0.52  1.10   4.02       1.00x
 * Unix socket       7.80  9.01 15.32  40.10      17.33x
 * </pre>
 *
 * Columns are separated by two spaces. Each column is left aligned (text) or right aligned (numbers); by default
 * the first column is text and the rest are numbers. Cells are formatted by the caller; {@link #micros},
 * {@link #ratio} and {@link #rate} give the house formats.
 *
 * <p>Thread safety: not thread safe; build and render on one thread.
 */
public final class Table {

    /** How a column's cells sit in its width. */
    public enum Align { LEFT, RIGHT }

    private static final String GAP = "  ";

    private final String title;
    private final List<String> headers = new ArrayList<>();
    private final List<Align> aligns = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A table with {@code title} on its first line (empty for none). */
    public Table(String title) {
        this.title = title;
    }

    /** Adds a column; the first column is left aligned, later ones right aligned. */
    public Table column(String header) {
        return column(header, headers.isEmpty() ? Align.LEFT : Align.RIGHT);
    }

    /** Adds a column with an explicit alignment. Columns must all be added before the first row. */
    public Table column(String header, Align align) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("add every column before the first row");
        }
        headers.add(header);
        aligns.add(align);
        return this;
    }

    /** Adds a row; it must have exactly one cell per column. */
    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has "
                    + headers.size() + " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    /** Adds a line printed under the table, e.g. what a ratio means. */
    public Table note(String line) {
        notes.add(line);
        return this;
    }

    /** Rows added so far. */
    public int rowCount() {
        return rows.size();
    }

    /** The table as text, every line ending in a newline. */
    public String render() {
        int[] widths = widths();
        StringBuilder out = new StringBuilder();
        if (!title.isEmpty()) {
            out.append(title).append('\n');
        }
        appendLine(out, headers.toArray(String[]::new), widths);
        appendLine(out, rule(widths), widths);
        for (String[] row : rows) {
            appendLine(out, row, widths);
        }
        for (String note : notes) {
            out.append(note).append('\n');
        }
        return out.toString();
    }

    /** Prints {@link #render()} to {@code out}. */
    public void print(PrintStream out) {
        out.print(render());
        out.flush();
    }

    @Override
    public String toString() {
        return render();
    }

    private int[] widths() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        return widths;
    }

    private static String[] rule(int[] widths) {
        String[] rule = new String[widths.length];
        for (int c = 0; c < widths.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        return rule;
    }

    private void appendLine(StringBuilder out, String[] cells, int[] widths) {
        int start = out.length();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                out.append(GAP);
            }
            String pad = " ".repeat(widths[c] - cells[c].length());
            if (aligns.get(c) == Align.LEFT) {
                out.append(cells[c]).append(pad);
            } else {
                out.append(pad).append(cells[c]);
            }
        }
        int end = out.length(); // no trailing blanks after a left-aligned last column
        while (end > start && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append('\n');
    }

    /** Nanoseconds as microseconds with two decimals: 1234 → "1.23". */
    public static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1000.0);
    }

    /** Nanoseconds as microseconds with two decimals: 1234.5 → "1.23"; NaN → "-". */
    public static String micros(double nanos) {
        return Double.isNaN(nanos) ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1000.0);
    }

    /** A ratio with two decimals and an x: 2.5 → "2.50x"; NaN or infinite → "-". */
    public static String ratio(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2fx", ratio) : "-";
    }

    /** A rate with thousands separators and no decimals: 1234567.8 → "1,234,568"; NaN → "-". */
    public static String rate(double perSecond) {
        return Double.isFinite(perSecond) ? String.format(Locale.ROOT, "%,.0f", perSecond) : "-";
    }
}
