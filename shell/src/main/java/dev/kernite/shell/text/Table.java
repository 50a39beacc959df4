package dev.kernite.shell.text;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An aligned text table: a header row, then rows, columns two spaces apart, each column left- or right-aligned
 * (numbers right). Plain text only — no ANSI — so the same output serves a terminal, a script and a test.
 *
 * <pre>{@code
 * Table t = new Table(Table.right("PID"), Table.left("NAME"));
 * t.row("42", "echo");
 * t.print(out);
 * }</pre>
 *
 * <p>Thread safety: not thread-safe; build and print on one thread.
 */
public final class Table {
    /** A column: its header and whether its cells are right-aligned. */
    public record Column(String header, boolean rightAligned) { }

    private static final String GAP = "  ";

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    public Table(Column... columns) {
        if (columns.length == 0) throw new IllegalArgumentException("a table needs a column");
        this.columns = List.of(columns);
    }

    public static Column left(String header) { return new Column(header, false); }

    public static Column right(String header) { return new Column(header, true); }

    /** Adds a row; it must have one cell per column (a null cell prints as "-"). */
    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
        return this;
    }

    public int size() { return rows.size(); }

    /** The table as lines: the header first. Trailing blanks are trimmed. */
    public List<String> lines() {
        int[] widths = widths();
        List<String> out = new ArrayList<>(rows.size() + 1);
        out.add(line(columns.stream().map(Column::header).toArray(String[]::new), widths));
        for (String[] r : rows) out.add(line(r, widths));
        return out;
    }

    public void print(PrintWriter out) {
        for (String line : lines()) out.println(line);
    }

    private int[] widths() {
        int[] w = new int[columns.size()];
        for (int i = 0; i < w.length; i++) w[i] = columns.get(i).header().length();
        for (String[] r : rows) {
            for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
        }
        return w;
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append(GAP);
            String pad = " ".repeat(widths[i] - cells[i].length());
            if (columns.get(i).rightAligned()) b.append(pad).append(cells[i]);
            else b.append(cells[i]).append(pad);
        }
        return b.toString().stripTrailing();
    }
}
