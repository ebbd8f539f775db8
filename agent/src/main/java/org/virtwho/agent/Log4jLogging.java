package org.virtwho.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.virtwho.config.GlobalSettings;

/**
 * Log4j2, configured in code (no configuration file to look up at start-up):
 * <ul>
 * <li>{@code <log_dir>/<log_file>}, by default {@code /var/log/rhsm/rhsm.log}; with {@code log_per_config},
 * one {@code virtwho.<section>.log} per section and {@code virtwho.main.log} for the rest, as upstream;</li>
 * <li>standard error, always: a terminal shows it, and systemd passes it to the journal (then without our own
 * time stamp, which the journal adds).</li>
 * </ul>
 * Formats follow upstream's, with the Java file and line in place of the Python one. Levels print with
 * Python's names ({@code WARNING}), so existing log scrapers keep working. Stack traces go to the file only.
 */
final class Log4jLogging implements Logging {
    /** The MDC key naming the section a thread works for; it picks the file with {@code log_per_config}. */
    static final String SECTION_KEY = "section";

    private static final String LEVEL = "%level{WARN=WARNING}";
    private static final String FILE_FORMAT = "%d{yyyy-MM-dd HH:mm:ss,SSS} [" + LEVEL + "] @%F:%L - %m%n";
    private static final String TERMINAL_FORMAT = "%d{yyyy-MM-dd HH:mm:ss,SSS} " + LEVEL + ": %m%n";
    private static final String JOURNAL_FORMAT = "[" + LEVEL + "] @%F:%L - %m%n";
    private static final String DEBUG_FORMAT =
            "%d{yyyy-MM-dd HH:mm:ss,SSS} [%c{1} " + LEVEL + "] virt-who(%pid):%t @%F:%M:%L - %m%n";

    private final Map<String, String> environment;
    private final PrintStream stderr;

    Log4jLogging(Map<String, String> environment, PrintStream stderr) {
        this.environment = environment;
        this.stderr = stderr;
    }

    @Override
    public void start(GlobalSettings global, List<String> sections) {
        Level level = global.debug() ? Level.DEBUG : Level.INFO;
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setConfigurationName("virt-who");
        builder.setStatusLevel(Level.ERROR);
        builder.setShutdownHook("disable");
        builder.add(builder.newRootLogger(level));
        // HttpClient's debug output holds every header, an Authorization header with the password in Base64
        // among them: never below INFO, even with -d.
        builder.add(builder.newLogger("org.apache.hc", Level.INFO));
        // Appenders are added to the running configuration: ours are plain objects, not Log4j plugins.
        LoggerContext context = Configurator.initialize(getClass().getClassLoader(), builder.build());
        Configuration configuration = context.getConfiguration();
        LoggerConfig root = configuration.getRootLogger();

        String terminalFormat = global.debug() ? DEBUG_FORMAT
                : environment.containsKey("JOURNAL_STREAM") ? JOURNAL_FORMAT : TERMINAL_FORMAT;
        add(configuration, root, ConsoleAppender.newBuilder()
                .setName("stderr")
                .setTarget(ConsoleAppender.Target.SYSTEM_ERR)
                .setLayout(layout(configuration, terminalFormat, false))
                .setConfiguration(configuration)
                .build());

        Path directory = global.logDirectory();
        String problem = unwritable(directory);
        if (problem == null) {
            String fileFormat = global.debug() ? DEBUG_FORMAT : FILE_FORMAT;
            if (global.logPerConfig()) {
                Map<String, Appender> files = new LinkedHashMap<>();
                for (String section : sections) {
                    files.put(section, file(configuration, directory.resolve("virtwho." + fileSafe(section) + ".log"),
                            fileFormat));
                }
                Appender main = file(configuration, directory.resolve("virtwho.main.log"), fileFormat);
                add(configuration, root, new SectionAppender(SECTION_KEY, files, main));
            } else {
                add(configuration, root, file(configuration, directory.resolve(global.logFile()), fileFormat));
            }
        }
        context.updateLoggers();
        if (problem != null) {
            stderr.flush();
            LogManager.getLogger("virtwho.main").warn("Unable to write log files to {}: {}; logging to standard "
                    + "error only", directory, problem);
        }
    }

    @Override
    public void stop() {
        LogManager.shutdown();
    }

    private static void add(Configuration configuration, LoggerConfig root, Appender appender) {
        appender.start();
        configuration.addAppender(appender);
        root.addAppender(appender, null, null);
    }

    private static PatternLayout layout(Configuration configuration, String pattern, boolean stackTraces) {
        return PatternLayout.newBuilder()
                .withConfiguration(configuration)
                .withPattern(pattern)
                .withAlwaysWriteExceptions(stackTraces)
                .build();
    }

    private static Appender file(Configuration configuration, Path path, String format) {
        Appender appender = FileAppender.newBuilder()
                .setName(path.getFileName().toString())
                .withFileName(path.toString())
                .withAppend(true)
                .setLayout(layout(configuration, format, true))
                .setConfiguration(configuration)
                .build();
        appender.start();
        return appender;
    }

    /** A section name as part of a file name: no path separators, nothing a shell would stumble on. */
    static String fileSafe(String section) {
        return section.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Null when log files can be written in the directory, else why not. */
    private static String unwritable(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return Files.isWritable(directory) ? null : "the directory is not writable";
    }
}
