package dev.kernite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void textLeftNumbersRightTwoSpacesBetween() {
        String out = new Table("ipc round trip (us)")
                .column("transport").column("p50").column("ratio")
                .row("Kernite channel", "0.52", "1.00x")
                .row("TCP loopback", "54.61", "105.02x")
                .note("ratio = row / Kernite")
                .render();
        assertEquals("""
                ipc round trip (us)
                transport          p50    ratio
                ---------------  -----  -------
                Kernite channel   0.52    1.00x
                TCP loopback     54.61  105.02x
                ratio = row / Kernite
                """, out);
    }

    @Test
    void explicitAlignmentAndNoTrailingBlanks() {
        String out = new Table("")
                .column("n", Table.Align.RIGHT).column("name", Table.Align.LEFT)
                .row("1", "a")
                .row("100", "long name")
                .render();
        assertEquals("""
                  n  name
                ---  ---------
                  1  a
                100  long name
                """, out);
        for (String line : out.split("\n")) {
            assertFalse(line.endsWith(" "), "trailing blank in '" + line + "'");
        }
    }

    @Test
    void headerWiderThanCells() {
        String out = new Table("t").column("a").column("wide header").row("x", "1").render();
        assertEquals("t\na  wide header\n-  -----------\nx            1\n", out);
    }

    @Test
    void shapeErrors() {
        Table t = new Table("t").column("a").column("b");
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
        t.row("1", "2");
        assertThrows(IllegalStateException.class, () -> t.column("late"));
        assertEquals(1, t.rowCount());
    }

    @Test
    void houseFormats() {
        assertEquals("1.23", Table.micros(1234L));
        assertEquals("0.00", Table.micros(1L));
        assertEquals("1234.57", Table.micros(1_234_567L));
        assertEquals("1.50", Table.micros(1500.0));
        assertEquals("-", Table.micros(Double.NaN));
        assertEquals("2.50x", Table.ratio(2.5));
        assertEquals("-", Table.ratio(Double.POSITIVE_INFINITY));
        assertEquals("1,234,568", Table.rate(1_234_567.8));
        assertEquals("-", Table.rate(Double.NaN));
    }
}
