package org.virtwho.agent;

import java.util.Map;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Hands each log line to the file of the section its thread works for ({@code log_per_config}); lines of no
 * known section go to the main file. Section names are known when logging starts, so a map does the routing.
 */
final class SectionAppender extends AbstractAppender {
    private final String key;
    private final Map<String, Appender> sections;
    private final Appender main;

    SectionAppender(String key, Map<String, Appender> sections, Appender main) {
        super("sections", null, null, true, Property.EMPTY_ARRAY);
        this.key = key;
        this.sections = Map.copyOf(sections);
        this.main = main;
    }

    @Override
    public void append(LogEvent event) {
        String section = event.getContextData().getValue(key);
        sections.getOrDefault(section == null ? "" : section, main).append(event);
    }

    @Override
    public void stop() {
        super.stop();
        sections.values().forEach(Appender::stop);
        main.stop();
    }
}
