package org.virtwho.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.virtwho.config.HostFilter;

/**
 * Whether a host id matches one of a list of {@code filter_hosts}-style values. A value is a shell wildcard
 * ({@code filter_type=wildcards}, Python's {@code fnmatch}: {@code *}, {@code ?}, {@code [...]}, {@code [!...]}),
 * a regular expression matched against the whole id ({@code filter_type=regex}), or, when the type is not
 * set, either one, as upstream. Matching ignores case. Patterns are compiled once per list.
 */
final class HostMatcher {
    private static final int IGNORE_CASE = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private final List<Pattern> patterns;

    private HostMatcher(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /** @param invalid receives each value that is not a valid regular expression (it then matches nothing) */
    static HostMatcher of(List<String> values, Optional<HostFilter.Type> type,
                          Consumer<String> invalid) {
        List<Pattern> patterns = new ArrayList<>();
        for (String value : values) {
            if (type.isEmpty() || type.get() == HostFilter.Type.WILDCARDS) {
                patterns.add(Pattern.compile(wildcardToRegex(value), IGNORE_CASE | Pattern.DOTALL));
            }
            if (type.isEmpty() || type.get() == HostFilter.Type.REGEX) {
                try {
                    patterns.add(Pattern.compile(value, IGNORE_CASE));
                } catch (PatternSyntaxException e) {
                    invalid.accept(value);
                }
            }
        }
        return new HostMatcher(List.copyOf(patterns));
    }

    boolean matches(String hostId) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(hostId).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Python's {@code fnmatch.translate}: a bracket without its closing partner is a literal bracket. */
    static String wildcardToRegex(String wildcard) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        int n = wildcard.length();
        while (i < n) {
            char c = wildcard.charAt(i++);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && wildcard.charAt(j) == '!') {
                    j++;
                }
                if (j < n && wildcard.charAt(j) == ']') {
                    j++;
                }
                while (j < n && wildcard.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    regex.append("\\[");
                } else {
                    String set = wildcard.substring(i, j).replace("\\", "\\\\");
                    i = j + 1;
                    if (set.startsWith("!")) {
                        set = "^" + set.substring(1);
                    } else if (set.startsWith("^")) {
                        set = "\\" + set;
                    }
                    regex.append('[').append(set.replace("[", "\\[").replace("&&", "&\\&")).append(']');
                }
            } else {
                // A backslash before a non-letter is always a literal in Java's regex syntax.
                regex.append(Character.isLetterOrDigit(c) ? "" : "\\").append(c);
            }
        }
        return regex.toString();
    }
}
