package dev.kernite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\"", Json.quote("a\"b\\c\n\r\t\b\f\u0001\u001f"));
        assertEquals("\"µs … \\u2028\"", Json.quote("µs … \u2028"));
        assertEquals("\"/\"", Json.quote("/"));
    }

    @Test
    void compactOutputKeepsInsertionOrder() {
        Json.Obj o = Json.object().put("z", 1).put("a", "x").put("m", true).putNull("n")
                .put("d", 1.5).put("whole", 3.0).put("nan", Double.NaN)
                .put("nested", Json.object().put("k", -2)).put("list", List.of(1, "two", List.of()));
        assertEquals("{\"z\":1,\"a\":\"x\",\"m\":true,\"n\":null,\"d\":1.5,\"whole\":3,\"nan\":null,"
                + "\"nested\":{\"k\":-2},\"list\":[1,\"two\",[]]}", o.toString());
        o.put("z", 9); // replacing keeps the key's place
        assertEquals("{\"z\":9,", o.toString().substring(0, 7));
    }

    @Test
    void prettyOutputIsIndentedAndEndsInNewline() {
        Json.Obj o = Json.object().put("a", 1).put("b", Json.object().put("c", "d")).put("e", Json.object());
        assertEquals("""
                {
                  "a": 1,
                  "b": {
                    "c": "d"
                  },
                  "e": {}
                }
                """, o.toPrettyString());
    }

    @Test
    void roundTripsThroughAParser(@TempDir Path dir) throws Exception {
        String tricky = "quote \" backslash \\ newline \n tab \t nul \u0000 micro µ";
        Json.Obj o = Json.object().put("benchmark", "ipc").put("tricky", tricky).put("count", Long.MAX_VALUE)
                .put("rate", 1.25e-7).put("rows", List.of(Json.object().put("key", "uds"), Json.object()));
        Path file = dir.resolve("out.json");
        o.writeTo(file);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("benchmark", "ipc");
        expected.put("tricky", tricky);
        expected.put("count", (double) Long.MAX_VALUE);
        expected.put("rate", 1.25e-7);
        expected.put("rows", List.of(Map.of("key", "uds"), Map.of()));
        Object parsed = new MiniParser(Files.readString(file)).parseDocument();
        assertEquals(expected, parsed);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) parsed).keySet()));
        assertEquals(parsed, new MiniParser(o.toString()).parseDocument());
    }

    @Test
    void refusesNonJsonListElements() {
        assertThrows(IllegalArgumentException.class, () -> Json.object().put("l", List.of(new Object())));
        assertThrows(IllegalArgumentException.class, () -> Json.object().put("l", List.of(List.of('c'))));
        assertThrows(NullPointerException.class, () -> Json.object().put(null, 1));
    }

    /** Just enough of a strict JSON parser to check the writer's output: numbers come back as doubles. */
    private static final class MiniParser {
        private final String s;
        private int i;

        MiniParser(String s) {
            this.s = s;
        }

        Object parseDocument() {
            Object v = value();
            skipBlanks();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing text at " + i);
            }
            return v;
        }

        private Object value() {
            skipBlanks();
            char c = s.charAt(i);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            expect('{');
            skipBlanks();
            if (peek() == '}') {
                i++;
                return m;
            }
            do {
                skipBlanks();
                String key = string();
                skipBlanks();
                expect(':');
                m.put(key, value());
                skipBlanks();
            } while (consume(','));
            expect('}');
            return m;
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            expect('[');
            skipBlanks();
            if (peek() == ']') {
                i++;
                return l;
            }
            do {
                l.add(value());
                skipBlanks();
            } while (consume(','));
            expect(']');
            return l;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("raw control character at " + (i - 1));
                }
                b.append(c == '\\' ? escape() : c);
            }
        }

        private char escape() {
            char e = s.charAt(i++);
            return switch (e) {
                case '"', '\\', '/' -> e;
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'u' -> (char) Integer.parseInt(s.substring(i, i += 4), 16);
                default -> throw new IllegalArgumentException("bad escape \\" + e);
            };
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw new IllegalArgumentException("bad literal at " + i);
            }
            i += word.length();
            return v;
        }

        private Double number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                throw new IllegalArgumentException("bad number '" + n + "' at " + start);
            }
            return Double.parseDouble(n);
        }

        private void skipBlanks() {
            while (i < s.length() && Arrays.asList(' ', '\n', '\r', '\t').contains(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            return s.charAt(i);
        }

        private boolean consume(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
        }
    }
}
