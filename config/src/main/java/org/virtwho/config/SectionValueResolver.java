package org.virtwho.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final values of one parsed section: the file's {@code [DEFAULT]} under the section's own entries, each
 * interpolated and unquoted. A value that cannot be interpolated is left out and reported as an error.
 */
final class SectionValueResolver {
    private SectionValueResolver() {
    }

    record Resolved(Map<String, String> values, List<Problem> problems) {
        boolean hasError() {
            return problems.stream().anyMatch(Problem::isError);
        }
    }

    static Resolved resolve(IniFile ini, IniFile.Section section) {
        Map<String, IniFile.Entry> entries = new LinkedHashMap<>();
        IniFile.Section parserDefaults = ini.section(IniFile.PARSER_DEFAULTS);
        if (parserDefaults != null && section != parserDefaults) {
            entries.putAll(parserDefaults.entries());
        }
        if (section != null) {
            entries.putAll(section.entries());
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (IniFile.Entry entry : entries.values()) {
            try {
                String interpolated = ValueSyntax.interpolate(entry.raw(), name -> {
                    IniFile.Entry referenced = entries.get(name);
                    return referenced == null ? null : referenced.raw();
                });
                values.put(entry.key(), ValueSyntax.stripQuotes(interpolated));
            } catch (ValueSyntax.InterpolationException e) {
                problems.add(Problem.error(ini.file(), section == null ? null : section.name(), entry.key(),
                        "line " + entry.line() + ": " + e.getMessage()));
            }
        }
        return new Resolved(values, problems);
    }
}
