package org.virtwho.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link IniParser} read from one file: its sections in file order, and what was wrong with it. */
record IniFile(Path file, List<Section> sections, List<Problem> problems) {

    /** Python's configparser gives the section named exactly {@code DEFAULT} to every other section. */
    static final String PARSER_DEFAULTS = "DEFAULT";

    /**
     * @param entries by lower-cased key, in file order
     * @param broken  a line of this section could not be parsed, so its values cannot be trusted
     */
    record Section(String name, int line, Map<String, Entry> entries, boolean broken) {
        Section {
            entries = new LinkedHashMap<>(entries);
        }
    }

    /**
     * @param key         lower-cased, as upstream's parser stores it
     * @param writtenKey  as written, for {@code [system_environment]}, where case matters
     * @param raw         the value before interpolation and quote stripping, continuation lines joined
     */
    record Entry(String key, String writtenKey, String raw, int line) {
    }

    Section section(String name) {
        for (Section section : sections) {
            if (section.name().equals(name)) {
                return section;
            }
        }
        return null;
    }
}
