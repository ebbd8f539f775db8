package org.virtwho.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The lines a logger writes while a test runs, as "LEVEL message". */
final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private final org.apache.logging.log4j.core.Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    CapturedLog(String loggerName) {
        super("captured", null, null, true, Property.EMPTY_ARRAY);
        logger = (org.apache.logging.log4j.core.Logger) LogManager.getLogger(loggerName);
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        start();
        logger.addAppender(this);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false); // captured, not also printed on the test's console
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
        stop();
    }
}
