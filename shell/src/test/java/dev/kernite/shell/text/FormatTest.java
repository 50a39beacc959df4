package dev.kernite.shell.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {
    @Test
    void memorySizesInTheirLargestUnit() {
        assertEquals("0K", Format.kib(0));
        assertEquals("812K", Format.kib(812));
        assertEquals("1.0M", Format.kib(1024));
        assertEquals("5.2M", Format.kib(5 * 1024 + 205));
        assertEquals("38M", Format.kib(38 * 1024 + 900));
        assertEquals("1023M", Format.kib(1024 * 1024 - 1));
        assertEquals("1.5G", Format.kib(1024 * 1024 * 3 / 2));
        assertEquals("12G", Format.kib(12L * 1024 * 1024));
        assertEquals("-", Format.kib(-1));
    }

    @Test
    void durationsInTheirTwoLargestUnits() {
        assertEquals("0s", Format.duration(0));
        assertEquals("0s", Format.duration(-5000));
        assertEquals("42s", Format.duration(42_999));
        assertEquals("3m12s", Format.duration((3 * 60 + 12) * 1000));
        assertEquals("1m05s", Format.duration(65_000));
        assertEquals("2h05m", Format.duration((2 * 3600 + 5 * 60 + 59) * 1000L));
        assertEquals("3d04h", Format.duration((3 * 86400 + 4 * 3600) * 1000L));
    }
}
