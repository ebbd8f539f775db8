package org.virtwho.backend;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Every log line, of every level and every logger (ours and HttpClient's), written while a capture is open, as
 * "LEVEL logger: message" with the stack trace's messages. The backends module has no logging implementation of
 * its own, so this is its SLF4J provider in tests: without an open capture it drops everything.
 */
public final class CapturedLog implements AutoCloseable {
    private static final List<CapturedLog> OPEN = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private CapturedLog() {
    }

    public static CapturedLog open() {
        CapturedLog log = new CapturedLog();
        OPEN.add(log);
        return log;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        OPEN.remove(this);
    }

    private static void write(String line) {
        for (CapturedLog log : OPEN) {
            log.lines.add(line);
        }
    }

    /** Registered in META-INF/services/org.slf4j.spi.SLF4JServiceProvider of the test resources. */
    public static final class Provider implements SLF4JServiceProvider {
        private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        private final IMarkerFactory markers = new BasicMarkerFactory();
        private final MDCAdapter mdc = new NOPMDCAdapter();

        @Override
        public ILoggerFactory getLoggerFactory() {
            return name -> loggers.computeIfAbsent(name, CapturingLogger::new);
        }

        @Override
        public IMarkerFactory getMarkerFactory() {
            return markers;
        }

        @Override
        public MDCAdapter getMDCAdapter() {
            return mdc;
        }

        @Override
        public String getRequestedApiVersion() {
            return "2.0.99";
        }

        @Override
        public void initialize() {
        }
    }

    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        CapturingLogger(String name) {
            this.name = name;
        }

        private static boolean capturing() {
            return !OPEN.isEmpty();
        }

        @Override
        public boolean isTraceEnabled() {
            return capturing();
        }

        @Override
        public boolean isDebugEnabled() {
            return capturing();
        }

        @Override
        public boolean isInfoEnabled() {
            return capturing();
        }

        @Override
        public boolean isWarnEnabled() {
            return capturing();
        }

        @Override
        public boolean isErrorEnabled() {
            return capturing();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            StringBuilder line = new StringBuilder(level + " " + name + ": "
                    + MessageFormatter.basicArrayFormat(pattern, arguments));
            for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
                line.append(" | ").append(cause);
            }
            write(line.toString());
        }
    }
}
