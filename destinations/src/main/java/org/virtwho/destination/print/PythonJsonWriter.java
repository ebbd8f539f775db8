package org.virtwho.destination.print;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes JSON exactly as Python's {@code json.dumps(obj, indent=4)} does, which is what upstream's print mode
 * emits and what scripts around it may compare byte for byte: four-space indentation, {@code ", "}-less
 * separators at line ends, {@code ": "} after keys, {@code []} and {@code {}} for empty containers, every
 * non-ASCII character escaped as lower-case {@code \\uXXXX}.
 *
 * <p>Values are {@link Map} (in its iteration order), {@link List}, {@link String}, {@link Number},
 * {@link Boolean} or {@code null}.
 */
public final class PythonJsonWriter {
    private static final String INDENT = "    ";
    private final Writer out;

    public PythonJsonWriter(Writer out) {
        this.out = out;
    }

    /** Writes the value; the caller flushes. */
    public void write(Object value) throws IOException {
        write(value, 0);
    }

    /** Writes a value that stands at the given nesting depth of an enclosing document. */
    void write(Object value, int depth) throws IOException {
        if (value == null) {
            out.write("null");
        } else if (value instanceof String text) {
            string(text);
        } else if (value instanceof Boolean bool) {
            out.write(bool ? "true" : "false");
        } else if (value instanceof Number number) {
            out.write(number(number));
        } else if (value instanceof Map<?, ?> map) {
            object(map, depth);
        } else if (value instanceof List<?> list) {
            array(list, depth);
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private void object(Map<?, ?> map, int depth) throws IOException {
        if (map.isEmpty()) {
            out.write("{}");
            return;
        }
        out.write('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.write(first ? "\n" : ",\n");
            first = false;
            indent(depth + 1);
            string(String.valueOf(entry.getKey()));
            out.write(": ");
            write(entry.getValue(), depth + 1);
        }
        out.write('\n');
        indent(depth);
        out.write('}');
    }

    private void array(List<?> list, int depth) throws IOException {
        if (list.isEmpty()) {
            out.write("[]");
            return;
        }
        out.write('[');
        boolean first = true;
        for (Object item : list) {
            out.write(first ? "\n" : ",\n");
            first = false;
            indent(depth + 1);
            write(item, depth + 1);
        }
        out.write('\n');
        indent(depth);
        out.write(']');
    }

    void indent(int depth) throws IOException {
        for (int i = 0; i < depth; i++) {
            out.write(INDENT);
        }
    }

    /** Unescaped runs are copied whole: a report holds tens of thousands of strings. */
    private void string(String text) throws IOException {
        out.write('"');
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
                continue;
            }
            out.write(text, run, i - run);
            run = i + 1;
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                case '\b' -> out.write("\\b");
                case '\f' -> out.write("\\f");
                // ensure_ascii: everything else outside ' '..'~' (a surrogate pair as two escapes, as Python)
                default -> {
                    out.write("\\u");
                    String hex = Integer.toHexString(c);
                    out.write("0000", 0, 4 - hex.length());
                    out.write(hex);
                }
            }
        }
        out.write(text, run, text.length() - run);
        out.write('"');
    }

    /** Integers as written; floating point numbers as Python's {@code repr} writes them. */
    static String number(Number number) {
        if (number instanceof Double || number instanceof Float) {
            return pythonFloat(number.doubleValue());
        }
        if (number instanceof BigDecimal decimal) {
            return pythonFloat(decimal.doubleValue());
        }
        return number.toString();
    }

    private static String pythonFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
            // Java: 1.0E-5 or 1.2E17; Python: 1e-05 or 1.2e+17.
            String[] parts = Double.toString(value).split("E");
            String mantissa = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
            int exponent = Integer.parseInt(parts[1]);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
