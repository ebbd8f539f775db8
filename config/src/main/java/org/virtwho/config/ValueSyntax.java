package org.virtwho.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Upstream's value rules: {@code %} interpolation, matching quotes, comma lists and booleans. */
final class ValueSyntax {
    /** Python's configparser gives up after this many nested {@code %(name)s} references. */
    private static final int MAX_INTERPOLATION_DEPTH = 10;

    private ValueSyntax() {
    }

    /** Thrown for a value that cannot be interpolated; its message never repeats the value. */
    static final class InterpolationException extends Exception {
        InterpolationException(String message) {
            super(message);
        }
    }

    /**
     * Python's {@code BasicInterpolation}: {@code %%} is a percent sign and {@code %(name)s} the value of
     * option {@code name} of the same section (or the parser's {@code [DEFAULT]}); any other {@code %} is an
     * error.
     *
     * @param lookup the raw value of an option by lower-cased name, or {@code null} when there is none
     */
    static String interpolate(String raw, Function<String, String> lookup) throws InterpolationException {
        return interpolate(raw, lookup, 1);
    }

    private static String interpolate(String raw, Function<String, String> lookup, int depth)
            throws InterpolationException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        if (depth > MAX_INTERPOLATION_DEPTH) {
            throw new InterpolationException("%(name)s references nest deeper than " + MAX_INTERPOLATION_DEPTH
                    + " levels (a reference loop?)");
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (next == '%') {
                out.append('%');
                i += 2;
            } else if (next == '(') {
                int close = raw.indexOf(")s", i + 2);
                if (close < 0) {
                    throw new InterpolationException("a '%(' is not closed by ')s'; write '%%' for a literal '%'");
                }
                String name = raw.substring(i + 2, close).toLowerCase(Locale.ROOT);
                String referenced = lookup.apply(name);
                if (referenced == null) {
                    throw new InterpolationException("refers to option '" + name + "', which this section does not set");
                }
                out.append(interpolate(referenced, lookup, depth + 1));
                i = close + 2;
            } else {
                throw new InterpolationException("'%' must be followed by '%' or '('; write '%%' for a literal '%'");
            }
        }
        return out.toString();
    }

    /** A value that starts and ends with the same quote, and has no other such quote inside, loses them. */
    static String stripQuotes(String value) {
        for (char quote : new char[] {'"', '\''}) {
            if (value.length() >= 2 && value.charAt(0) == quote && value.charAt(value.length() - 1) == quote
                    && value.substring(1, value.length() - 1).indexOf(quote) < 0) {
                return value.substring(1, value.length() - 1);
            }
        }
        if (value.length() == 1 && (value.equals("\"") || value.equals("'"))) {
            return "";
        }
        return value;
    }

    /**
     * A comma-separated list: white space outside quotes is dropped, {@code '...'} or {@code "..."} quote an
     * item (commas included), a backslash takes the next character literally.
     */
    static List<String> parseList(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 < value.length()) {
                    item.append(value.charAt(++i));
                }
            } else if (quote == 0) {
                if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == ',') {
                    items.add(item.toString());
                    item.setLength(0);
                } else if (!Character.isWhitespace(c)) {
                    item.append(c);
                }
            } else if (c == quote) {
                quote = 0;
            } else {
                item.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException(quote == '"' ? "Unterminated double quote" : "Unterminated single quote");
        }
        if (item.length() > 0) {
            items.add(item.toString());
        }
        return List.copyOf(items);
    }

    private static final Map<String, Boolean> BOOLEANS = Map.of(
            "yes", true, "true", true, "on", true, "1", true,
            "no", false, "false", false, "off", false, "0", false);

    static Optional<Boolean> parseBoolean(String value) {
        return Optional.ofNullable(BOOLEANS.get(value.strip().toLowerCase(Locale.ROOT)));
    }

    /** How Python prints a boolean, which upstream's messages show. */
    static String pythonBoolean(boolean value) {
        return value ? "True" : "False";
    }
}
