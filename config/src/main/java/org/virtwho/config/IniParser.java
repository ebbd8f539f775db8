package org.virtwho.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads INI text with the rules of Python's {@code configparser}, which upstream virt-who uses, so existing
 * files mean the same here: {@code =} or {@code :} separators, full-line {@code #}/{@code ;} comments,
 * case-insensitive keys, values continued on more-indented lines, a repeated key keeps the last value (with a
 * warning), a repeated section is merged (with a warning). ini4j follows other rules (no indented
 * continuation lines, different escaping), hence this small reader.
 *
 * <p>Unlike upstream, one bad line spoils only its own section, not the whole file. Lines are never quoted
 * back in messages, because they may hold a password.
 */
final class IniParser {
    private static final Pattern SECTION_HEADER = Pattern.compile("\\[(.+)]");
    private static final Pattern OPTION = Pattern.compile("(.*?)\\s*[=:]\\s*(.*)");

    IniFile parse(Path file, String text) {
        List<Problem> problems = new ArrayList<>();
        Map<String, SectionBuilder> sections = new LinkedHashMap<>();
        SectionBuilder current = null;
        EntryBuilder entry = null;
        int entryIndent = 0;
        String[] lines = text.split("\r\n|\n|\r", -1);

        for (int index = 0; index < lines.length; index++) {
            int lineNumber = index + 1;
            String line = lines[index];
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (stripped.isEmpty()) {
                if (entry != null) {
                    entry.lines.add("");
                }
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (entry != null && indent > entryIndent) {
                entry.lines.add(stripped);
                continue;
            }
            entry = null;
            Matcher header = SECTION_HEADER.matcher(stripped);
            if (header.lookingAt()) {
                String name = header.group(1);
                current = sections.get(name);
                if (current == null) {
                    current = new SectionBuilder(name, lineNumber);
                    sections.put(name, current);
                } else {
                    problems.add(Problem.warning(file, name, null, "section [" + name + "] appears again at line "
                            + lineNumber + " (first at line " + current.line + "); the two are merged"));
                }
                continue;
            }
            if (current == null) {
                problems.add(Problem.error(file, null, null,
                        "File contains no section headers: line " + lineNumber + " comes before any [section]"));
                return new IniFile(file, List.of(), problems);
            }
            Matcher option = OPTION.matcher(stripped);
            if (!option.matches() || option.group(1).isEmpty()) {
                problems.add(Problem.error(file, current.name, null, "line " + lineNumber
                        + " is neither a [section] header nor a key = value option"));
                current.broken = true;
                continue;
            }
            String writtenKey = option.group(1);
            String key = writtenKey.toLowerCase(java.util.Locale.ROOT);
            EntryBuilder previous = current.entries.get(key);
            if (previous != null) {
                problems.add(Problem.warning(file, current.name, key, "option is set again at line " + lineNumber
                        + " (previously at line " + previous.line + "); the last value is used"));
            }
            entry = new EntryBuilder(writtenKey, lineNumber, option.group(2));
            entryIndent = indent;
            current.entries.remove(key);
            current.entries.put(key, entry);
        }

        List<IniFile.Section> built = new ArrayList<>();
        for (SectionBuilder section : sections.values()) {
            built.add(section.build());
        }
        return new IniFile(file, built, problems);
    }

    private static final class SectionBuilder {
        final String name;
        final int line;
        final Map<String, EntryBuilder> entries = new LinkedHashMap<>();
        boolean broken;

        SectionBuilder(String name, int line) {
            this.name = name;
            this.line = line;
        }

        IniFile.Section build() {
            Map<String, IniFile.Entry> built = new LinkedHashMap<>();
            entries.forEach((key, entry) -> built.put(key, entry.build(key)));
            return new IniFile.Section(name, line, built, broken);
        }
    }

    private static final class EntryBuilder {
        final String writtenKey;
        final int line;
        final List<String> lines = new ArrayList<>();

        EntryBuilder(String writtenKey, int line, String firstLine) {
            this.writtenKey = writtenKey;
            this.line = line;
            lines.add(firstLine);
        }

        IniFile.Entry build(String key) {
            return new IniFile.Entry(key, writtenKey, String.join("\n", lines).stripTrailing(), line);
        }
    }
}
