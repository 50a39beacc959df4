package dev.kernite.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tiny JSON writer for benchmark results: objects with keys in insertion order, whose values are strings,
 * numbers, booleans, null, nested objects and lists of those. No parser, no dependencies.
 *
 * <pre>{@code
 * Json.Obj doc = Json.object().put("benchmark", "ipc").put("quick", true)
 *         .put("unix_socket", Json.object().put("p50_ns", 9012));
 * doc.writeTo(Path.of("out.json"));
 * }</pre>
 *
 * Non-finite doubles (NaN, infinities) are written as {@code null}, since JSON has no spelling for them.
 *
 * <p>Thread safety: an {@link Obj} is not thread safe; build and write it on one thread.
 */
public final class Json {

    private Json() {
    }

    /** A new empty object. */
    public static Obj object() {
        return new Obj();
    }

    /** {@code s} as a JSON string literal, quotes included, with control characters, quote and backslash escaped. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            appendEscaped(out, s.charAt(i));
        }
        return out.append('"').toString();
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            default -> {
                if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }

    /** A JSON object under construction. Putting an existing key replaces its value in place. */
    public static final class Obj {

        private final Map<String, Object> members = new LinkedHashMap<>();

        private Obj() {
        }

        public Obj put(String key, String value) {
            return putValue(key, value);
        }

        public Obj put(String key, long value) {
            return putValue(key, value);
        }

        public Obj put(String key, double value) {
            return putValue(key, value);
        }

        public Obj put(String key, boolean value) {
            return putValue(key, value);
        }

        public Obj put(String key, Obj value) {
            return putValue(key, value);
        }

        /** A list whose elements are each a String, Number, Boolean, {@link Obj}, null or such a list. */
        public Obj put(String key, List<?> values) {
            checkList(values);
            return putValue(key, new ArrayList<>(values));
        }

        /** Puts JSON {@code null}. */
        public Obj putNull(String key) {
            return putValue(key, null);
        }

        /** Number of members. */
        public int size() {
            return members.size();
        }

        /** Compact JSON text. */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            appendValue(out, this, -1);
            return out.toString();
        }

        /** JSON text indented by two spaces per level, ending in a newline. */
        public String toPrettyString() {
            StringBuilder out = new StringBuilder();
            appendValue(out, this, 0);
            return out.append('\n').toString();
        }

        /** Writes {@link #toPrettyString()} to {@code file} in UTF-8, replacing it. */
        public void writeTo(Path file) throws IOException {
            Files.writeString(file, toPrettyString(), StandardCharsets.UTF_8);
        }

        private Obj putValue(String key, Object value) {
            members.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        private static void checkList(List<?> values) {
            for (Object v : values) {
                boolean ok = v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                        || v instanceof Obj;
                if (v instanceof List<?> nested) {
                    checkList(nested);
                    ok = true;
                }
                if (!ok) {
                    throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
                }
            }
        }
    }

    /** Appends {@code value}; {@code indent} &lt; 0 means compact, else the current nesting level. */
    private static void appendValue(StringBuilder out, Object value, int indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> out.append(quote(s));
            case Double d -> appendDouble(out, d);
            case Float f -> appendDouble(out, f.doubleValue());
            case Number n -> out.append(n.longValue());
            case Boolean b -> out.append(b);
            case Obj o -> appendObject(out, o, indent);
            case List<?> l -> appendList(out, l, indent);
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void appendDouble(StringBuilder out, double d) {
        if (!Double.isFinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d); // 3.0 → 3: whole numbers stay readable
        } else {
            out.append(d);
        }
    }

    private static void appendObject(StringBuilder out, Obj o, int indent) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : o.members.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            newline(out, indent, 1);
            out.append(quote(e.getKey())).append(indent < 0 ? ":" : ": ");
            appendValue(out, e.getValue(), indent < 0 ? -1 : indent + 1);
        }
        if (!o.members.isEmpty()) {
            newline(out, indent, 0);
        }
        out.append('}');
    }

    private static void appendList(StringBuilder out, List<?> list, int indent) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            out.append(i == 0 ? "" : ",");
            newline(out, indent, 1);
            appendValue(out, list.get(i), indent < 0 ? -1 : indent + 1);
        }
        if (!list.isEmpty()) {
            newline(out, indent, 0);
        }
        out.append(']');
    }

    private static void newline(StringBuilder out, int indent, int extra) {
        if (indent >= 0) {
            out.append('\n').append("  ".repeat(indent + extra));
        }
    }
}
