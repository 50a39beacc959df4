package dev.kernite.shell.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsColumnsLeftAndRightTwoSpacesApart() {
        Table t = new Table(Table.right("PID"), Table.left("NAME"), Table.right("MEM"));
        t.row(7, "echo", "31M").row(41230, "names", "5.0M");
        assertEquals(List.of(
            "  PID  NAME    MEM",
            "    7  echo    31M",
            "41230  names  5.0M"), t.lines());
    }

    @Test
    void nullCellsPrintAsDashAndTrailingBlanksAreTrimmed() {
        Table t = new Table(Table.left("NAME"), Table.left("LAST EXIT"));
        t.row("echo", null);
        assertEquals(List.of("NAME  LAST EXIT", "echo  -"), t.lines());
    }

    @Test
    void anEmptyTableIsItsHeader() {
        assertEquals(List.of("ID  ENDPOINT"), new Table(Table.right("ID"), Table.left("ENDPOINT")).lines());
    }

    @Test
    void aRowMustFitTheColumns() {
        Table t = new Table(Table.left("A"), Table.left("B"));
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    }
}
